-- Web Push to the on-call view (issue 19, part 4). An on-call person's browser subscribes through
-- POST /api/v1/push/subscriptions; each escalation of an alarm in one of the subscription's units is pushed to
-- it once. Every api host hears every escalation (its push observer), so the host that sends is the one whose
-- row in push_deliveries is inserted first for (alarm, escalation level, subscription): the others' inserts
-- do nothing, and they send nothing.
--
-- A subscription is kept no longer than the sign-in that made it (expires_at: the token's expiry); the page
-- renews it with each sign-in. It holds the person's units as they were then: only escalations there reach it.
-- The push service's endpoint is unique: a browser re-subscribing, or signed in as someone else, replaces
-- its row.
--
-- A delivery's acknowledge capability (docs/security.md) is kept as its SHA-256 only, with its expiry; it
-- acknowledges that one alarm as the subscription's person. Deleting the subscription (the person turns alerts
-- off, or the push service says it is gone) deletes its deliveries, and so their capabilities.

create table push_subscriptions (
    subscription_id  bigint generated always as identity primary key,
    endpoint         text not null unique check (length(endpoint) <= 2048),
    p256dh           text not null,
    auth             text not null,
    subject          text not null,
    units            text[] not null,
    created_at       timestamptz not null default now(),
    expires_at       timestamptz not null
);
create index push_subscriptions_units on push_subscriptions using gin (units);

create table push_deliveries (
    alarm_id          text not null,
    escalation_level  integer not null,
    subscription_id   bigint not null references push_subscriptions (subscription_id) on delete cascade,
    claimed_at        timestamptz not null default now(),
    claimed_by        text not null,
    ack_hash          bytea not null unique,
    ack_expires_at    timestamptz not null,
    primary key (alarm_id, escalation_level, subscription_id)
);
create index push_deliveries_claimed_at on push_deliveries (claimed_at);
