-- Every accepted reading, written in batches by the silos' write-behind queue (binary COPY into a
-- staging table, then one insert). A reading is identified by its source (the device, or who
-- entered it), its sign and the time it was measured, so a batch written twice (a retry after a
-- crash) is stored once.

create table vitals_history (
    patient_id   text not null,
    source       text not null,            -- 'device:{id}' or 'entered' (nurse, FHIR)
    code         text not null,            -- our short code: hr, spo2, rr, ...
    value        double precision not null,
    unit         text not null,
    measured_at  timestamptz not null,
    plausible    boolean not null,         -- false: a sensor fault, kept for engineering, not shown as a vital
    received_at  timestamptz not null,
    constraint vitals_history_one_per_measurement unique (patient_id, source, code, measured_at)
);

create index vitals_history_by_patient on vitals_history (patient_id, code, measured_at);
