-- Tamper evidence for the audit trail (issue 18). The trail is append-only by trigger, but a role that may
-- disable triggers (the tables' owner) could still change or delete rows. So every row now carries its
-- place in one chain (chain_seq, from 1 with no gaps) and a hash: SHA-256 of the previous row's hash and
-- this row's content (row_hash). A changed, removed or slipped-in row no longer matches its successor, and
-- the chain's head (audit_chain) says where the chain ends, so rows cut from its end are seen too.
-- `GET /api/v1/audit/verify` and `Monitoring.Silo audit verify` recompute it and name the first broken row.
--
-- The chain is made by a trigger, so every writer (the api's audit queue, retention's own rows) is in it,
-- whatever connects. Each insert takes the head's row lock until its transaction ends: audited actions are
-- written in batches off the request path, so the trail's writers queue for it, not the requests.
-- Rows written before this migration are not in the chain (chain_seq null); the check reports how many.
-- Retention drops the oldest partitions whole (recording it first): the chain is then checked from the
-- first row kept.

alter table audit_events add column chain_seq bigint, add column row_hash bytea;

create table audit_chain (
    only_row   boolean primary key default true check (only_row),
    last_seq   bigint not null,
    last_hash  bytea not null
);
insert into audit_chain (last_seq, last_hash) values (0, ''::bytea);
revoke all on audit_chain from public;

-- A row's content as hashed: its place in the chain, its id and every field, as a JSON array (text is
-- escaped, a null is null, the time in microseconds since 1970, whatever the session's time zone).
create function audit_event_content(
    chain_seq bigint, id bigint, at timestamptz, subject text, roles text, action text, resource text, outcome text,
    client_address text, trace_id text, reason text) returns bytea
language sql immutable parallel safe as $$
    select convert_to(jsonb_build_array(
        chain_seq, id, (extract(epoch from at) * 1000000)::bigint, subject, roles, action, resource, outcome,
        client_address, trace_id, reason)::text, 'UTF8')
$$;

create function audit_events_chain() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    head audit_chain%rowtype;
begin
    select * into strict head from audit_chain for update;
    new.chain_seq := head.last_seq + 1;
    new.row_hash := sha256(head.last_hash || audit_event_content(
        new.chain_seq, new.id, new.at, new.subject, new.roles, new.action, new.resource, new.outcome,
        new.client_address, new.trace_id, new.reason));
    update audit_chain set last_seq = new.chain_seq, last_hash = new.row_hash;
    return new;
end;
$$;

-- Made on the parent: PostgreSQL clones it onto every partition, now and later.
create trigger audit_events_chain before insert on audit_events for each row execute function audit_events_chain();
create index audit_events_by_chain on audit_events (chain_seq);
