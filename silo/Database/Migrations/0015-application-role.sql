-- Two database roles (issue 18). The role that runs these migrations owns every table; the silos and api
-- hosts connect as an application role that owns nothing and holds only the rights it needs, granted by
-- `Monitoring.Silo migrate` after the migrations (ApplicationRoleGrants: on the audit trail and the alarm
-- history, INSERT and SELECT only). So the application's role cannot alter the audit trail, disable its
-- triggers, or update, delete or truncate it.
--
-- Partitions are made and dropped by the silos and api hosts as they run, which takes a table's owner: the
-- two functions below do it as the owner (SECURITY DEFINER), for the time-partitioned tables of this
-- schema only, with names and bounds checked here. A partition is dropped only once it ended more than
-- its table's floor ago (retention_floors, set by the migration run from Retention:*): the application
-- cannot shorten the audit trail's seven years, whatever it is told.
--
-- A partition of the audit trail dropped this way leaves a record of what it held of the hash chain
-- (audit_chain_cuts, audit_chain_links), so the check goes on from the rows kept.
--
-- Every SECURITY DEFINER function here (and the audit chain's trigger of 0014, replaced below) names its
-- tables with their schema and searches pg_temp last: a temporary table of the caller's cannot stand in
-- for one of the owner's.
--
-- A partition dropped this way is detached plainly, not concurrently (which cannot run inside a
-- function): the detach waits at most a second for its lock on the parent, so writers wait at most that
-- long, and retention tries again at its next run if it did not get it.

create table retention_floors (
    parent    text primary key,
    kept_for  interval not null check (kept_for >= interval '0')
);
insert into retention_floors (parent, kept_for) values ('audit_events', interval '2557 days'), ('alarm_history', interval '400 days');

-- What retention dropped of the audit trail's hash chain (migration 0014), recorded by the drop itself, so
-- that the check goes on from the rows kept: the places in the chain the partition held, and the hash of
-- each dropped row whose successor is kept (or that was the chain's last), for the link to it. Rows written
-- out of time order across the partition's boundary then leave no gap, and the first row kept is checked
-- like any other. Only the owner's function writes these.
create table audit_chain_cuts (
    cut_id          bigint generated always as identity primary key,
    partition_name  text not null,
    cut_at          timestamptz not null default now(),
    dropped         int8multirange not null
);

create table audit_chain_links (
    chain_seq       bigint primary key,
    row_hash        bytea not null,
    partition_name  text not null
);

create function history_create_partition(parent text, starts timestamptz, ends timestamptz) returns text
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set timezone = 'UTC' as $$
declare
    name text := parent || '_p' || to_char(starts, 'YYYYMMDD"t"HH24MI');
    guard text := case parent
        when 'alarm_history' then 'alarm_history_is_append_only'
        when 'audit_events' then 'audit_events_append_only' end;
begin
    if parent is null or parent not in ('vitals_batches', 'vitals_minutes', 'vitals_ten_minutes', 'alarm_history', 'audit_events') then
        raise exception 'history_create_partition: % is not a time-partitioned table of this schema', parent
            using errcode = 'insufficient_privilege';
    end if;

    -- As the silos cut them: whole minutes, at most 31 days (PartitionSpans), finite.
    if starts is null or ends is null or ends <= starts or not isfinite(starts) or not isfinite(ends)
       or ends - starts > interval '31 days'
       or date_trunc('minute', starts) <> starts or date_trunc('minute', ends) <> ends then
        raise exception 'history_create_partition: [%, %) is not a partition''s time range (whole minutes, at most 31 days)', starts, ends
            using errcode = 'invalid_parameter_value';
    end if;

    execute format('create table public.%I (like public.%I including defaults including constraints)', name, parent);
    execute format('alter table public.%I attach partition public.%I for values from (%L) to (%L)', parent, name, starts, ends);
    insert into public.history_partitions (partition_name, parent, starts, ends) values (name, parent, starts, ends);
    -- PostgreSQL clones a parent's row triggers onto its partitions, but not its statement triggers.
    if guard is not null then
        execute format('create trigger %I before truncate on public.%I for each statement execute function public.%I()', name || '_no_truncate', name, guard);
    end if;

    return name;
end;
$$;

create function history_partition_rows(partition text) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    rows bigint;
begin
    if not exists (select from public.history_partitions where partition_name = partition) or to_regclass('public.' || quote_ident(partition)) is null then
        return 0;
    end if;

    execute format('select count(*) from public.%I', partition) into rows;
    return rows;
end;
$$;

create function history_drop_partition(partition text) returns boolean
language plpgsql security definer set search_path = pg_catalog, public, pg_temp set lock_timeout = '1s' as $$
declare
    made public.history_partitions%rowtype;
    kept interval;
begin
    select * into made from public.history_partitions where partition_name = partition for update;
    if not found then
        return false;
    end if;

    -- Never a partition whose time has not ended; for the records, never one inside their floor.
    select kept_for into kept from public.retention_floors where parent = made.parent;
    if made.ends > now() or (kept is not null and made.ends > now() - kept) then
        raise exception 'history_drop_partition: % ends at %, less than % ago (the floor set for %)', partition, made.ends, coalesce(kept, interval '0'), made.parent
            using errcode = 'insufficient_privilege';
    end if;

    if exists (select from pg_inherits where inhrelid = to_regclass('public.' || quote_ident(partition)) and inhdetachpending) then
        raise exception 'history_drop_partition: % is half detached (a concurrent detach was interrupted); its owner finishes it with: alter table % detach partition % finalize', partition, made.parent, partition
            using errcode = 'object_not_in_prerequisite_state';
    end if;

    if made.parent = 'audit_events' and to_regclass('public.' || quote_ident(partition)) is not null then
        -- Read before the detach, under a lock that stops writes to this partition only: the detach then
        -- holds the trail's lock for as short a time as it can.
        execute format('lock table public.%I in share mode', partition);
        execute format($links$
            insert into public.audit_chain_links (chain_seq, row_hash, partition_name)
            select d.chain_seq, d.row_hash, %1$L from public.%1$I d
            where d.chain_seq is not null
              and not exists (select from public.%1$I n where n.chain_seq = d.chain_seq + 1)
              and (exists (select from public.audit_events k where k.chain_seq = d.chain_seq + 1 and k.tableoid <> ('public.' || %1$L)::regclass)
                   or d.chain_seq = (select last_seq from public.audit_chain))
            on conflict (chain_seq) do nothing
            $links$, partition);
        execute format($cut$
            insert into public.audit_chain_cuts (partition_name, dropped)
            select %1$L, coalesce(range_agg(int8range(chain_seq, chain_seq, '[]')), '{}'::int8multirange)
            from public.%1$I where chain_seq is not null
            $cut$, partition);
    end if;

    if exists (select from pg_inherits where inhrelid = to_regclass('public.' || quote_ident(partition))) then
        execute format('alter table public.%I detach partition public.%I', made.parent, partition);
    end if;

    execute format('drop table if exists public.%I', partition);
    delete from public.history_partitions where partition_name = partition;
    return true;
end;
$$;

revoke all on function history_create_partition(text, timestamptz, timestamptz) from public;
revoke all on function history_partition_rows(text) from public;
revoke all on function history_drop_partition(text) from public;

-- The audit chain's trigger (0014), with its tables named by schema and pg_temp searched last.
create or replace function audit_events_chain() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    head public.audit_chain%rowtype;
begin
    select * into strict head from public.audit_chain for update;
    new.chain_seq := head.last_seq + 1;
    new.row_hash := sha256(head.last_hash || public.audit_event_content(
        new.chain_seq, new.id, new.at, new.subject, new.roles, new.action, new.resource, new.outcome,
        new.client_address, new.trace_id, new.reason));
    update public.audit_chain set last_seq = new.chain_seq, last_hash = new.row_hash;
    return new;
end;
$$;
