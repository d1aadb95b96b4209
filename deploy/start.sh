#!/usr/bin/env bash
# Starts the whole system on this machine: a private PostgreSQL, the schema migrations, the silo,
# the api with the dashboard, and a simulated ward of 8 beds with one deteriorating.
# Ctrl-C or SIGTERM stops everything it started. Installs what is missing.
#
# Settings (environment): MONITORING_API_PORT (5080), MONITORING_PG_PORT (55432),
# MONITORING_SILO_PORT (11111), MONITORING_GATEWAY_PORT (30000), MONITORING_SILO_HTTP_PORT (5081), MONITORING_BEDS (8),
# MONITORING_DETERIORATE (3), MONITORING_UNIT (icu-3w).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/deploy/lib/postgres.sh"

API_PORT="${MONITORING_API_PORT:-5080}"
PG_PORT="${MONITORING_PG_PORT:-55432}"
SILO_PORT="${MONITORING_SILO_PORT:-11111}"
GATEWAY_PORT="${MONITORING_GATEWAY_PORT:-30000}"
SILO_HTTP_PORT="${MONITORING_SILO_HTTP_PORT:-5081}"
UNIT="${MONITORING_UNIT:-icu-3w}"
BEDS="${MONITORING_BEDS:-8}"
DETERIORATE="${MONITORING_DETERIORATE:-3}"
LOGS="$DATA/logs"
BIN=Release

pids=()
stop_all() {
  trap - INT TERM EXIT
  say "Stopping"
  # Newest first: simulator, api, silo; each gets SIGTERM and time to drain.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  pg_down postgres
  say "Stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_dotnet
ensure_packages postgresql
require_free_port "$API_PORT" "the api"
require_free_port "$SILO_PORT" "the silo"
require_free_port "$GATEWAY_PORT" "the silo gateway"
require_free_port "$SILO_HTTP_PORT" "the silo's operator port"
mkdir -p "$LOGS"

say "Building"
dotnet build "$ROOT/Monitoring.slnx" -c "$BIN" --nologo -v quiet -clp:ErrorsOnly

say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg_up postgres "$PG_PORT"
export Database__ConnectionString="$PG_CONNECTION"
export Silo__SiloPort="$SILO_PORT" Silo__GatewayPort="$GATEWAY_PORT"
export Operations__Urls="http://127.0.0.1:$SILO_HTTP_PORT"
ensure_signing_key

say "Applying migrations"
dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" migrate

say "Starting the silo (log: $LOGS/silo.log)"
dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" >"$LOGS/silo.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  grep -q "Silo ready" "$LOGS/silo.log" 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || die "the silo stopped; see $LOGS/silo.log"
  sleep 0.1
done
grep -q "Silo ready" "$LOGS/silo.log" || die "the silo did not start in 60 s; see $LOGS/silo.log"

say "Starting the api on http://127.0.0.1:$API_PORT (log: $LOGS/api.log)"
ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" dotnet "$ROOT/api/bin/$BIN/net10.0/Monitoring.Api.dll" >"$LOGS/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$API_PORT/healthz/ready" >/dev/null 2>&1 && break
  kill -0 "${pids[-1]}" 2>/dev/null || die "the api stopped; see $LOGS/api.log"
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$API_PORT/healthz/ready" >/dev/null || die "the api is not ready after 60 s; see $LOGS/api.log"

say "Starting a simulated ward: $BEDS beds in $UNIT, bed $DETERIORATE deteriorating (log: $LOGS/simulator.log)"
dotnet "$ROOT/simulator/bin/$BIN/net10.0/Monitoring.Simulator.dll" \
  --api "http://127.0.0.1:$API_PORT" --unit "$UNIT" --beds "$BEDS" --deteriorate "$DETERIORATE" >"$LOGS/simulator.log" 2>&1 &
pids+=($!)

# Sign-in links for the demo: a nurse who is also the unit's admin (she may edit limits), and on-call.
API_DLL="$ROOT/api/bin/$BIN/net10.0/Monitoring.Api.dll"
NURSE_TOKEN="$(dotnet "$API_DLL" token --sub nurse.demo --role nurse,admin --units "$UNIT")"
ONCALL_TOKEN="$(dotnet "$API_DLL" token --sub oncall.demo --role oncall --units "$UNIT")"

cat <<MSG

  Dashboard:  http://127.0.0.1:$API_PORT/?unit=$UNIT#token=$NURSE_TOKEN
  On call:    http://127.0.0.1:$API_PORT/oncall.html#token=$ONCALL_TOKEN
  REST API:   curl -H "Authorization: Bearer \$(deploy/token.sh --sub me --role nurse --units $UNIT)" \\
                http://127.0.0.1:$API_PORT/api/v1/units/$UNIT/board
  Operators:  http://127.0.0.1:$SILO_HTTP_PORT/dashboard (Orleans Dashboard), /metrics on the silo and the api
  PostgreSQL: 127.0.0.1:$PG_PORT (database monitoring)
  Logs:       $LOGS

  Press Ctrl-C to stop everything.

MSG
wait -n "${pids[@]}" || true
say "A process stopped by itself; see $LOGS"
