-- Trends longer than a day come from ten-minute aggregates (vitals_ten_minutes: per patient, sign and ten
-- minutes, the same figures as a minute). A 7-day trend then reads about 5,000 rows of a patient instead of
-- 50,000 minutes spread over some 1,150 index pages: over a second when those pages are not in memory
-- (BENCHMARKS.md). The roll-up merges the same readings into both levels in one statement, so the ten
-- minutes always equal their minutes.
--
-- A silo of the previous release rolls up minutes only. From here on its roll-up fails (its statement
-- names the minutes' key by its old name) and leaves the watermark where it was, so the new silos take
-- the same rows into both levels: during a rolling upgrade the levels never drift apart.

-- Wait for a roll-up under way, and hold the others off until the ten minutes are filled.
select rolled_up_to from history_rollups where name = 'vitals_minutes' for update;

create table vitals_ten_minutes (
    patient_id  text not null,
    starts      timestamptz not null,       -- the first of the ten minutes (aligned as the minutes' partitions)
    sign        smallint not null,          -- vital_signs.id
    low         double precision not null,
    high        double precision not null,
    total       double precision not null,  -- the sum: the mean is total / readings
    readings    integer not null,           -- plausible readings only
    last        double precision not null,  -- the value measured last in the ten minutes
    last_at     timestamptz not null,       -- when it was measured
    -- As for the minutes: a trend reads a patient's rows from the key alone.
    constraint vitals_ten_minutes_key primary key (patient_id, starts, sign) include (low, high, total, readings, last, last_at)
) partition by range (starts);

-- One partition for each of the minutes' (same ranges, so retention drops them together).
do $$
declare
    p record;
    name text;
begin
    for p in select partition_name, starts, ends from history_partitions where parent = 'vitals_minutes' order by starts loop
        name := 'vitals_ten_minutes_' || substr(p.partition_name, length('vitals_minutes_') + 1);
        execute format('create table %I (like vitals_ten_minutes including defaults including constraints)', name);
        execute format('alter table vitals_ten_minutes attach partition %I for values from (%L) to (%L)', name, p.starts, p.ends);
        insert into history_partitions (partition_name, parent, starts, ends) values (name, 'vitals_ten_minutes', p.starts, p.ends);
    end loop;
end $$;

-- Everything rolled up so far. Ten minutes start on a multiple of ten minutes since 2000-01-01 UTC, as the
-- trends' points do.
insert into vitals_ten_minutes (patient_id, starts, sign, low, high, total, readings, last, last_at)
select patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00'), sign,
       min(low), max(high), sum(total), sum(readings), (max(array[extract(epoch from last_at)::float8, last]))[2], max(last_at)
from vitals_minutes
group by patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00'), sign;

-- The fence for the previous release's roll-up (above); taken last, so trend readers wait only a moment.
alter table vitals_minutes rename constraint vitals_minutes_key to vitals_minutes_by_patient;
