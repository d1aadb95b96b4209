-- What-if replays of alarm limits (issue 20). An admin proposes limits for a unit (or one of its patients); the
-- api stores the request here as 'queued' and answers at once; a silo claims it (FOR UPDATE SKIP LOCKED, with a
-- lease it renews while it works, so a replay whose silo died is taken up by another), runs the period's stored
-- vitals history through the alarm engine under the current rules and under the proposal, and stores the outcome.
-- The api reads progress and outcome from here; applying the proposal is recorded here (once) and audited.
--
-- proposal: the patient's or unit's rule overrides as the engine reads them (JSON); proposal_body: the limits as
-- the admin wrote them (shown back). baseline_rules: the rules in force when the replay ran, which applying
-- compares with the rules in force then: a proposal reviewed against other rules is not applied.

create table alarm_replays (
    replay_id          uuid primary key default gen_random_uuid(),
    unit_id            text not null,
    patient_id         text,
    period_from        timestamptz not null,
    period_to          timestamptz not null,
    flag_delay_seconds double precision not null,
    proposal           jsonb not null,
    proposal_body      jsonb not null,
    requested_by       text not null,
    requested_at       timestamptz not null default now(),
    status             text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    lease_owner        text,
    lease_until        timestamptz,
    attempts           integer not null default 0,
    patients_total     integer,
    patients_done      integer not null default 0,
    batches_read       bigint not null default 0,
    baseline_rules     jsonb,
    outcome            jsonb,
    error              text,
    started_at         timestamptz,
    finished_at        timestamptz,
    applied_at         timestamptz,
    applied_by         text,
    applied_reason     text,
    check (period_to > period_from)
);

create index alarm_replays_waiting on alarm_replays (requested_at) where status in ('queued', 'running');
create index alarm_replays_by_unit on alarm_replays (unit_id, requested_at desc);
