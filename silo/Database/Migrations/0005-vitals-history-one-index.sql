-- One index on the vitals history instead of two. The key that makes a resent batch count once now
-- leads with patient, code and time, so it also serves the trend queries (a patient's readings of
-- one sign over a time range) that vitals_history_by_patient served. Every reading stored costs one
-- index insert less, which is most of what PostgreSQL does under a full ward.

alter table vitals_history drop constraint vitals_history_one_per_measurement;
drop index vitals_history_by_patient;
alter table vitals_history
    add constraint vitals_history_one_per_measurement unique (patient_id, code, measured_at, source);
