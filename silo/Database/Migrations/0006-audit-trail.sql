-- The audit trail: who (subject and roles) did what (action) to which resource, with what outcome,
-- when, from which address, under which trace. Append-only: rows are inserted and read, never
-- changed or removed. The trigger refuses UPDATE, DELETE and TRUNCATE for every role that is not
-- allowed to disable triggers, which the application's role never is; the grants below say the same
-- for roles other than the owner.

create table audit_events (
    id             bigint generated always as identity primary key,
    at             timestamptz not null,
    subject        text not null,
    roles          text not null,
    action         text not null,
    resource       text not null,
    outcome        text not null,
    client_address text,
    trace_id       text,
    reason         text
);

create index audit_events_by_time on audit_events (at);
create index audit_events_by_subject on audit_events (subject, at);
create index audit_events_by_resource on audit_events (resource, at);

create function audit_events_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_events is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_events_no_update_or_delete
    before update or delete on audit_events
    for each row execute function audit_events_append_only();

create trigger audit_events_no_truncate
    before truncate on audit_events
    for each statement execute function audit_events_append_only();

revoke update, delete, truncate on audit_events from public;
