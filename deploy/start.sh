#!/usr/bin/env bash
# Starts the whole system on this machine: a private PostgreSQL, the schema migrations, the silo,
# the api with the dashboard, a stand-in alarm manager (pagers: IHE PCD-04 in, PCD-05 back), and a simulated
# ward of 8 beds with one deteriorating.
# A service that stops by itself is started again with backoff, the rest keeping running (lib/supervise.sh);
# Ctrl-C or SIGTERM stops everything it started. Installs what is missing.
#
# Settings (environment): MONITORING_API_PORT (5080), MONITORING_PG_PORT (55432),
# MONITORING_SILO_PORT (11111), MONITORING_GATEWAY_PORT (30000), MONITORING_SILO_HTTP_PORT (5081), MONITORING_BEDS (8),
# MONITORING_DETERIORATE (3), MONITORING_UNIT (icu-3w), MONITORING_ALARM_MANAGER_PORT (2577: where the stand-in
# takes PCD-04), MONITORING_ALARM_STATUS_PORT (2578: where the api takes its PCD-05).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/deploy/lib/postgres.sh"
source "$ROOT/deploy/lib/supervise.sh"

API_PORT="${MONITORING_API_PORT:-5080}"
PG_PORT="${MONITORING_PG_PORT:-55432}"
SILO_PORT="${MONITORING_SILO_PORT:-11111}"
GATEWAY_PORT="${MONITORING_GATEWAY_PORT:-30000}"
SILO_HTTP_PORT="${MONITORING_SILO_HTTP_PORT:-5081}"
UNIT="${MONITORING_UNIT:-icu-3w}"
BEDS="${MONITORING_BEDS:-8}"
DETERIORATE="${MONITORING_DETERIORATE:-3}"
ALARM_MANAGER_PORT="${MONITORING_ALARM_MANAGER_PORT:-2577}"
ALARM_STATUS_PORT="${MONITORING_ALARM_STATUS_PORT:-2578}"
LOGS="$DATA/logs"
BIN=Release
SERVICES=(alarm_manager silo api simulator)

# The running process of each service; a service started again gets a new one.
declare -A PIDS=()
alive() { [ -n "${PIDS[$1]:-}" ] && kill -0 "${PIDS[$1]}" 2>/dev/null; }

stop_all() {
  trap - INT TERM EXIT
  say "Stopping"
  # Newest first: simulator, api, silo, alarm manager; each gets SIGTERM and time to drain.
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    local pid="${PIDS[${SERVICES[i]}]:-}"
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
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
require_free_port "$ALARM_MANAGER_PORT" "the stand-in alarm manager"
require_free_port "$ALARM_STATUS_PORT" "the api's listener for the alarm manager's statuses"
mkdir -p "$LOGS"

say "Building"
dotnet build "$ROOT/Monitoring.slnx" -c "$BIN" --nologo -v quiet -clp:ErrorsOnly

say "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
pg_up postgres "$PG_PORT"
# The silo and the api connect as the application's role; only the migrations run as the schema's owner.
export Database__ConnectionString="$PG_APP_CONNECTION"
export Silo__SiloPort="$SILO_PORT" Silo__GatewayPort="$GATEWAY_PORT"
export Operations__Urls="http://127.0.0.1:$SILO_HTTP_PORT"
# Alarms go to the stand-in alarm manager (read by the silo), its statuses come back to the api.
export AlarmManager__Host=127.0.0.1 AlarmManager__Port="$ALARM_MANAGER_PORT"
export AlarmManager__Mllp__Enabled=true AlarmManager__Mllp__Port="$ALARM_STATUS_PORT"
ensure_signing_key
ensure_redaction_key
ensure_cluster_tls
ensure_vapid_keys

say "Applying migrations"
Database__ConnectionString="$PG_CONNECTION" dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" migrate

# Each service is started by its function, at first and whenever it has to be started again; logs are appended to.
launch_alarm_manager() {
  dotnet "$ROOT/simulator/bin/$BIN/net10.0/Monitoring.Simulator.dll" alarm-manager \
    --port "$ALARM_MANAGER_PORT" --status-to "127.0.0.1:$ALARM_STATUS_PORT" >>"$LOGS/alarm_manager.log" 2>&1 &
  PIDS[alarm_manager]=$!
}
launch_silo() {
  dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" >>"$LOGS/silo.log" 2>&1 &
  PIDS[silo]=$!
}
launch_api() {
  ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" dotnet "$ROOT/api/bin/$BIN/net10.0/Monitoring.Api.dll" >>"$LOGS/api.log" 2>&1 &
  PIDS[api]=$!
}
launch_simulator() {
  dotnet "$ROOT/simulator/bin/$BIN/net10.0/Monitoring.Simulator.dll" \
    --api "http://127.0.0.1:$API_PORT" --unit "$UNIT" --beds "$BEDS" --deteriorate "$DETERIORATE" >>"$LOGS/simulator.log" 2>&1 &
  PIDS[simulator]=$!
}

# Waits for a first start to answer its readiness check; stops the script, naming the log, if it cannot.
wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 1 600); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    alive "$name" || die "the $name stopped; see $LOGS/$name.log"
    sleep 0.1
  done
  die "the $name was not ready after 60 s; see $LOGS/$name.log"
}

: >"$LOGS/silo.log" && : >"$LOGS/api.log" && : >"$LOGS/simulator.log" && : >"$LOGS/alarm_manager.log"
say "Starting a stand-in alarm manager on 127.0.0.1:$ALARM_MANAGER_PORT (log: $LOGS/alarm_manager.log)"
launch_alarm_manager && supervised_start alarm_manager
say "Starting the silo (log: $LOGS/silo.log)"
launch_silo && supervised_start silo
wait_ready silo "http://127.0.0.1:$SILO_HTTP_PORT/healthz/ready"

say "Starting the api on http://127.0.0.1:$API_PORT (log: $LOGS/api.log)"
launch_api && supervised_start api
wait_ready api "http://127.0.0.1:$API_PORT/healthz/ready"

say "Starting a simulated ward: $BEDS beds in $UNIT, bed $DETERIORATE deteriorating (log: $LOGS/simulator.log)"
launch_simulator && supervised_start simulator

# Sign-in links for the demo: a nurse who is also the unit's admin (she may edit limits), and on-call.
API_DLL="$ROOT/api/bin/$BIN/net10.0/Monitoring.Api.dll"
NURSE_TOKEN="$(dotnet "$API_DLL" token --sub nurse.demo --role nurse,admin --units "$UNIT")"
ONCALL_TOKEN="$(dotnet "$API_DLL" token --sub oncall.demo --role oncall --units "$UNIT")"

cat <<MSG

  Dashboard:  http://127.0.0.1:$API_PORT/?unit=$UNIT#token=$NURSE_TOKEN
  On call:    http://127.0.0.1:$API_PORT/oncall.html#token=$ONCALL_TOKEN
  REST API:   curl -H "Authorization: Bearer \$(deploy/token.sh --sub me --role nurse --units $UNIT)" \\
                http://127.0.0.1:$API_PORT/api/v1/units/$UNIT/board
  Pagers:     every alarm goes to the stand-in alarm manager (PCD-04); its pages show on the dashboard ($LOGS/alarm_manager.log)
  Operators:  http://127.0.0.1:$SILO_HTTP_PORT/dashboard (Orleans Dashboard), /metrics on the silo and the api
  PostgreSQL: 127.0.0.1:$PG_PORT (database monitoring)
  Logs:       $LOGS

  A service that stops by itself is started again; press Ctrl-C to stop everything.

MSG
# Watch the services: one that stops by itself is started again with backoff; the others keep running.
while sleep 1; do
  for name in "${SERVICES[@]}"; do
    alive "$name" || restart_with_backoff "$name" "$LOGS/$name.log" "launch_$name"
  done
done
