-- The project's own registry of care units, patients, devices and device bindings. The grains keep
-- these rows in step with their state so that reports and other systems can query who is where.
-- Patient ids are opaque: no name, MRN or birth date is stored here.

create table units (
    unit_id     text primary key,
    created_at  timestamptz not null default now()
);

create table patients (
    patient_id     text primary key,
    unit_id        text not null references units (unit_id),
    bed            text not null,
    admitted_at    timestamptz not null,
    discharged_at  timestamptz
);

-- At most one patient in a bed at a time (the unit grain enforces it; this makes it provable).
create unique index patients_one_per_bed on patients (unit_id, bed) where discharged_at is null;

create table devices (
    device_id       text primary key,
    first_bound_at  timestamptz not null
);

-- Every binding ever made, so that it can be shown later which device fed which patient when.
create table device_bindings (
    binding_id  bigint generated always as identity primary key,
    device_id   text not null references devices (device_id),
    patient_id  text not null references patients (patient_id),
    bound_at    timestamptz not null,
    unbound_at  timestamptz,
    check (unbound_at is null or unbound_at >= bound_at)
);

create unique index device_bindings_one_open_per_device on device_bindings (device_id) where unbound_at is null;
create index device_bindings_by_patient on device_bindings (patient_id) where unbound_at is null;
