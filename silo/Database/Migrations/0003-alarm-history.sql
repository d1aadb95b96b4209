-- The alarm history: every transition of every alarm (raised, acknowledged, escalated, re-alarmed,
-- resolved), with the alarm as it was after it, who caused it and the trace of the request.
-- Append-only: a trigger refuses UPDATE and DELETE for every role, so the record can be trusted.

create table alarm_history (
    entry_id          bigint generated always as identity primary key,
    transition_key    text not null unique,      -- '{alarmId}#{n}': a row written twice is stored once
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
    occurred_at       timestamptz not null,
    trace_id          text,
    recorded_at       timestamptz not null default now()
);

create index alarm_history_by_unit on alarm_history (unit_id, alarm_id, entry_id desc);
create index alarm_history_by_patient on alarm_history (patient_id, alarm_id, entry_id desc);

create function alarm_history_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'alarm_history is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger alarm_history_append_only
    before update or delete or truncate on alarm_history
    for each statement execute function alarm_history_is_append_only();
