-- The senders that may report readings over MLLP, and for which devices (issue 18). A gateway is known
-- by its TLS client certificate (the SHA-256 of the certificate) or, on loopback and test setups
-- without client certificates, by its source address. A message for a device not listed for the sender
-- is refused (AR), whether the device is known or not. Registered by an admin, audited by the api.

create table mllp_gateways (
    gateway_id     text primary key,
    identity       text not null unique,   -- 'certificate:<SHA-256, 64 upper-case hex digits>' or 'address:<IP address>'
    devices        text[] not null,        -- the devices it may report for
    registered_by  text not null,
    registered_at  timestamptz not null,
    check (identity ~ '^(certificate:[0-9A-F]{64}|address:.+)$')
);
