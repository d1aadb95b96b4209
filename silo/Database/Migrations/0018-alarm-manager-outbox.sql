-- Alarms out to the hospital's alarm communication manager over IHE PCD-04 (issue 19). Every alarm
-- transition the patients write to alarm_history is also queued here, in the same statement, when an alarm
-- manager is configured (PostgresAlarmHistory): a transition written twice is stored once, and so queued
-- once. One silo at a time (the holder of an advisory lock) sends the queue in order, one ORU^R40 per row,
-- and marks each row with the manager's answer. A row is never sent again once answered; a send that
-- was cut off before its answer is sent again with the same message control id (MSH-10 = 'ALM' and the
-- row's id), so the manager can drop the copy.
--
-- The deadline check takes up raised and re-alarmed rows whose alarm the manager has not reported
-- delivered within AlarmManager:DeliveryDeadline, and asks the patient to escalate the alarm (once per row).

create table alarm_manager_outbox (
    message_id        bigint generated always as identity primary key,
    transition_key    text not null unique,      -- the alarm_history row it reports ('{alarmId}#{n}')
    occurred_at       timestamptz not null,      -- and that row's time (with the key, its primary key)
    alarm_id          text not null,
    reason            text not null,             -- raised, acknowledged, resolved, escalated, re-alarmed, ...
    queued_at         timestamptz not null default now(),
    attempts          integer not null default 0,
    last_error        text,                      -- why the last attempt failed: an exception's kind, a socket error or MSA-1; never the manager's text
    sent_at           timestamptz,               -- when the manager answered
    answer            text,                      -- its MSA-1: AA or CA; AE, AR, CE or CR when it refused the message
    deadline_done_at  timestamptz                -- when the deadline check took the row up
);

create index alarm_manager_outbox_to_send on alarm_manager_outbox (message_id) where sent_at is null;
create index alarm_manager_outbox_to_check on alarm_manager_outbox (occurred_at)
    where deadline_done_at is null and reason in ('raised', 're-alarmed');
create index alarm_manager_outbox_by_age on alarm_manager_outbox (queued_at);
