-- Admissions, transfers and discharges from the patient administration system over HL7 ADT (issue 19).
--
-- adt_locations: the mapping an admin keeps from the feed's locations (PV1-3: point of care, room, bed,
-- and facility, each but the point of care possibly empty) to our unit and bed. A message naming a
-- location not here is refused (AE, ERR at PV1-3) and changes nothing.
--
-- adt_patients: per patient, what the feed last applied: where it put the patient (or that it
-- discharged them), where the patient was before the last transfer or discharge (what a cancel returns
-- to), and the time and control id of the event applied. A message dated before that event changes
-- nothing (it is older than what it would undo).
--
-- adt_messages: every message taken, by sender (MSH-3 and MSH-4) and control id (MSH-10), so that a
-- message sent again is acknowledged and changes nothing. Holds an opaque patient id, no name or MRN.

create table adt_locations (
    facility       text not null default '',
    point_of_care  text not null check (point_of_care <> ''),
    room           text not null default '',
    bed            text not null default '',
    unit_id        text not null,
    unit_bed       text not null,
    updated_by     text not null,
    updated_at     timestamptz not null,
    primary key (facility, point_of_care, room, bed),
    unique (unit_id, unit_bed)
);

create table adt_patients (
    patient_id        text primary key,
    admitted          boolean not null,
    unit_id           text,
    bed               text,
    previous_unit_id  text,
    previous_bed      text,
    last_trigger      text not null,
    last_event_at     timestamptz not null,
    last_control_id   text not null,
    updated_at        timestamptz not null,
    check (admitted = (unit_id is not null and bed is not null))
);

create table adt_messages (
    sender       text not null,
    control_id   text not null,
    patient_id   text not null,
    trigger      text not null,
    outcome      text not null check (outcome in ('applied', 'unchanged', 'older')),
    received_at  timestamptz not null,
    primary key (sender, control_id)
);
