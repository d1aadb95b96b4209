-- Stays: one row per admission, from admission to discharge. `patients` keeps one row per patient
-- (a re-admission overwrites it), so a stay's identity, its times and its unit live here. Opened by
-- the same batch that writes the admission, closed by the one that writes the discharge
-- (PostgresCensusRegistry).
-- A move to another bed or unit (an admission of a patient already admitted) keeps the stay and
-- records where the patient now lies: a stay is the hospital's inpatient encounter, not a bed.
-- stay_id is a random uuid: it says nothing of the patient, the time or other stays, and cannot be
-- guessed from them.
-- (0009 is taken by another branch; this migration does not depend on it, nor it on this one.)

create table stays (
    stay_id        uuid primary key default gen_random_uuid(),
    patient_id     text not null references patients (patient_id),
    unit_id        text not null references units (unit_id),
    bed            text not null,
    admitted_at    timestamptz not null,
    discharged_at  timestamptz,
    check (discharged_at is null or discharged_at >= admitted_at)
);

-- At most one open stay per patient: a retried admission finds it and opens no second one.
create unique index stays_one_open_per_patient on stays (patient_id) where discharged_at is null;
create index stays_by_patient on stays (patient_id, admitted_at desc);

-- Every patient admitted so far has the stay their row describes (the latest; earlier ones were overwritten).
insert into stays (patient_id, unit_id, bed, admitted_at, discharged_at)
select patient_id, unit_id, bed, admitted_at, greatest(discharged_at, admitted_at) from patients;
