-- Trends for the long run: one row per patient, sign and minute (lowest, highest, sum, count and last
-- value), kept for months after the full-resolution batches are dropped. The silos roll into it the
-- batches stored since the last roll-up (MinuteRollup), each exactly once, merging them with what the
-- minute already holds; so a late batch (a device's store-and-forward, a gateway's backlog) joins its
-- minutes, and no minute is read twice.

-- When each batch row was stored (the transaction's start, a moment before its commit): the roll-up takes
-- the rows stored since its last run. A BRIN index serves that: rows arrive in stored order, and it costs
-- writers almost nothing.
alter table vitals_batches add column stored_at timestamptz not null default now();
create index vitals_batches_by_storage on vitals_batches using brin (stored_at);

create table vitals_minutes (
    patient_id  text not null,
    minute      timestamptz not null,       -- the minute's start
    sign        smallint not null,          -- vital_signs.id
    low         double precision not null,
    high        double precision not null,
    total       double precision not null,  -- the sum: the mean is total / readings
    readings    integer not null,           -- plausible readings only: a sensor fault is not a vital
    last        double precision not null,  -- the value measured last in the minute
    last_at     timestamptz not null,       -- when it was measured
    constraint vitals_minutes_key primary key (patient_id, minute, sign)
) partition by range (minute);

-- How far each roll-up has come: every row stored before rolled_up_to is in its aggregates.
create table history_rollups (
    name          text primary key,
    rolled_up_to  timestamptz not null
);

insert into history_rollups (name, rolled_up_to) values ('vitals_minutes', '-infinity');
