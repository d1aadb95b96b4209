-- A gateway may now also (or only) stream over WebSocket (issue 17): it connects to
-- /api/v1/gateways/{gatewayId}/stream with a token whose subject is its gateway id and whose role is
-- 'gateway', and may report only for the devices listed here. A gateway that never speaks MLLP has no
-- MLLP identity (no client certificate or source address); those that have one keep it unique.

alter table mllp_gateways alter column identity drop not null;
