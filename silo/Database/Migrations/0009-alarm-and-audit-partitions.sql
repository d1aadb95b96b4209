-- The alarm history and the audit trail in time partitions, so that retention drops them a partition at a
-- time (detached, then dropped) like the vitals history, never row by row: alarm_history by occurred_at
-- (7-day partitions), audit_events by at (30-day partitions). The silos make the partitions ahead of need,
-- and a writer makes the one a row needs when there is none (a late transition, a clock far off); all are
-- recorded in history_partitions. Spans and retention: the Retention settings.
--
-- Existing rows are moved, ids kept, by one insert ... select in this migration's transaction: both tables
-- are small beside the vitals history (a row per alarm transition, a row per audited request). Attaching the
-- old table as one partition would have avoided the copy, but that partition would have spanned from the
-- first row to today and been dropped only once its newest row was past retention, keeping the oldest rows
-- years too long; copied, the old rows land in partitions of the usual span and go on time.
--
-- A unique key of a partitioned table must hold the partition key: a transition is stored once by
-- (transition_key, occurred_at). A transition written again (the outbox's retry, after a crash, from the
-- patient's snapshot) carries the time it happened, so it is the same key.
--
-- Still append-only for every role that cannot disable triggers: the row triggers refusing UPDATE and
-- DELETE are made on the parent, and PostgreSQL clones them onto every partition, now and later. TRUNCATE
-- triggers are per statement and not cloned: one on each parent, and one on each partition, made with it
-- (here and by TimePartitions). Dropping or detaching a partition is not refused (that is how retention
-- works); retention records it in the audit trail before it detaches a partition of either table.

-- The partitions of a table over the instants given, each 'span' long on the grid TimePartitions uses
-- (whole spans from 0001-01-01 UTC), named and recorded as it names and records them.
create function pg_temp.make_time_partitions(parent text, span interval, instants timestamptz[], guard text) returns void
language plpgsql as $$
declare
    starts timestamptz;
    name text;
begin
    for starts in
        select distinct date_bin(span, i, timestamptz '0001-01-01 00:00:00+00') from unnest(instants) i order by 1
    loop
        name := parent || '_p' || to_char(starts at time zone 'UTC', 'YYYYMMDD"t"HH24MI');
        execute format('create table %I (like %I including defaults including constraints)', name, parent);
        execute format('alter table %I attach partition %I for values from (%L) to (%L)', parent, name, starts, starts + span);
        execute format('create trigger %I before truncate on %I for each statement execute function %I()', name || '_no_truncate', name, guard);
        insert into history_partitions (partition_name, parent, starts, ends) values (name, parent, starts, starts + span);
    end loop;
end
$$;

-- The alarm history.
alter table alarm_history rename to alarm_history_unpartitioned;
alter table alarm_history_unpartitioned drop constraint alarm_history_pkey;
alter table alarm_history_unpartitioned drop constraint alarm_history_transition_key_key;
drop index alarm_history_by_unit, alarm_history_by_patient;
alter sequence alarm_history_entry_id_seq rename to alarm_history_unpartitioned_entry_id_seq;

create table alarm_history (
    entry_id          bigint generated always as identity,
    transition_key    text not null,             -- '{alarmId}#{n}': with occurred_at, a row written twice is stored once
    alarm_id          text not null,
    patient_id        text not null,
    unit_id           text not null,
    bed               text not null,
    kind              text not null,
    code              text not null,
    vital             text,
    device_id         text,
    priority          text not null,
    from_state        text,
    to_state          text not null,
    reason            text not null,
    actor             text,
    value             double precision,
    raised_at         timestamptz not null,
    acknowledged_by   text,
    acknowledged_at   timestamptz,
    escalation_level  integer not null,
    occurred_at       timestamptz not null,      -- rows are partitioned by it
    trace_id          text,
    recorded_at       timestamptz not null default now(),
    constraint alarm_history_pkey primary key (entry_id, occurred_at),
    constraint alarm_history_transition unique (transition_key, occurred_at)
) partition by range (occurred_at);

create index alarm_history_by_unit on alarm_history (unit_id, alarm_id, entry_id desc);
create index alarm_history_by_patient on alarm_history (patient_id, alarm_id, entry_id desc);

create trigger alarm_history_append_only
    before update or delete on alarm_history
    for each row execute function alarm_history_is_append_only();

create trigger alarm_history_no_truncate
    before truncate on alarm_history
    for each statement execute function alarm_history_is_append_only();

select pg_temp.make_time_partitions('alarm_history', interval '7 days',
    array(select occurred_at from alarm_history_unpartitioned union select now()), 'alarm_history_is_append_only');

insert into alarm_history overriding system value select * from alarm_history_unpartitioned order by entry_id;
select setval(pg_get_serial_sequence('alarm_history', 'entry_id'),
    greatest((select max(entry_id) from alarm_history_unpartitioned), 0) + 1, false);
drop table alarm_history_unpartitioned;

-- The audit trail.
alter table audit_events rename to audit_events_unpartitioned;
alter table audit_events_unpartitioned drop constraint audit_events_pkey;
drop index audit_events_by_time, audit_events_by_subject, audit_events_by_resource;
alter sequence audit_events_id_seq rename to audit_events_unpartitioned_id_seq;

create table audit_events (
    id             bigint generated always as identity,
    at             timestamptz not null,      -- rows are partitioned by it
    subject        text not null,
    roles          text not null,
    action         text not null,
    resource       text not null,
    outcome        text not null,
    client_address text,
    trace_id       text,
    reason         text,
    constraint audit_events_pkey primary key (id, at)
) partition by range (at);

create index audit_events_by_time on audit_events (at);
create index audit_events_by_subject on audit_events (subject, at);
create index audit_events_by_resource on audit_events (resource, at);

create trigger audit_events_no_update_or_delete
    before update or delete on audit_events
    for each row execute function audit_events_append_only();

create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function audit_events_append_only();

revoke update, delete, truncate on audit_events from public;

select pg_temp.make_time_partitions('audit_events', interval '30 days',
    array(select at from audit_events_unpartitioned union select now()), 'audit_events_append_only');

insert into audit_events overriding system value select * from audit_events_unpartitioned order by id;
select setval(pg_get_serial_sequence('audit_events', 'id'),
    greatest((select max(id) from audit_events_unpartitioned), 0) + 1, false);
drop table audit_events_unpartitioned;

drop function pg_temp.make_time_partitions(text, interval, timestamptz[], text);
