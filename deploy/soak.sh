#!/usr/bin/env bash
# A soak of the local cluster under faults: N simulated devices for D minutes against deploy/cluster.sh's
# three silos and two api hosts, with PostgreSQL stopped for a while, a silo SIGKILLed and the second api
# host SIGKILLed at set times. The issue's run (the defaults) is 1,000 devices for 20 minutes.
#
#   deploy/soak.sh [--devices 1000] [--minutes 20] [--db-outage-at 5] [--db-outage-seconds 30]
#                  [--kill-silo-at 10] [--kill-api-at 15] [--breaches 5] [--drain 60]
#                  [--report BENCHMARKS.md] [--no-build] [--keep-data]
#   deploy/soak.sh --help    prints this
#
#   --devices N             simulator devices (store-and-forward queues), one batch of 6 vitals a second
#                           each, all sent to api-1 (1 to 10000)
#   --minutes D             how long they stream (1 to 180; decimals allowed)
#   --db-outage-at M        minutes after the start at which PostgreSQL is stopped (pg_ctl stop -m fast)
#   --db-outage-seconds S   and started again S seconds later (1 to 600)
#   --kill-silo-at M        SIGKILL silo-2 (not restarted)
#   --kill-api-at M         SIGKILL api-2, the host the devices do not use (not restarted)
#                           Each fault time may be "off"; each must fall inside the run.
#   --breaches B            beds a second that measure a fever, so that alarms flow (0 to 1000)
#   --drain S               after the load, seconds the devices may take to send what they hold (0 to 600)
#   --report FILE           the Markdown file the section is appended to (BENCHMARKS.md); the chart goes
#                           next to it, in docs/soak/<run>.svg
#   --no-build              use what is built (Release)
#   --keep-data             keep the run's PostgreSQL data and binaries (deleted by default; logs are kept)
#
# The driver is tests/Monitoring.Benchmarks in its soak mode; a unit client on each api host times the
# alarms. Every 10 s it records the requests answered by status, timed out (10 s) and not connected, the
# batches waiting in the devices' queues, alarm latency p50/p99, and the memory of every process (silos,
# api hosts, PostgreSQL, the driver). At the end it looks for every acknowledged batch in vitals_readings,
# checks the issue's figures, appends a section to the report, writes the chart and
# .data/soak/<run>/result.json. Logs: .data/soak/<run>/ (driver.log, devices.log, cluster.log,
# postgres.log, system/cluster/logs).
#
# Everything listens on 127.0.0.1, on ports of its own (the first free from 11400, 30400, 5400, 5410, 2800
# and 55500) and in a data folder of its own (.data/soak/<run>/system), so it never meets a developer's
# cluster or the tests. It stops by itself; Ctrl-C stops everything it started.
# Environment: MONITORING_DATA_DIR (.data) holds the run folders.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/postgres.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

DEVICES=1000 MINUTES=20 OUTAGE_AT=5 OUTAGE_SECONDS=30 SILO_AT=10 API_AT=15 BREACHES=5 DRAIN=60
REPORT="$ROOT/BENCHMARKS.md" BUILD=1 KEEP_DATA=0
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --no-build) BUILD=0; shift; continue ;;
    --keep-data) KEEP_DATA=1; shift; continue ;;
    --devices | --minutes | --db-outage-at | --db-outage-seconds | --kill-silo-at | --kill-api-at | --breaches | --drain | --report)
      [ $# -ge 2 ] || die "$1 needs a value (see --help)" ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  case "$1" in
    --devices) DEVICES=$2 ;;
    --minutes) MINUTES=$2 ;;
    --db-outage-at) OUTAGE_AT=$2 ;;
    --db-outage-seconds) OUTAGE_SECONDS=$2 ;;
    --kill-silo-at) SILO_AT=$2 ;;
    --kill-api-at) API_AT=$2 ;;
    --breaches) BREACHES=$2 ;;
    --drain) DRAIN=$2 ;;
    --report) REPORT=$2 ;;
  esac
  shift 2
done

# Checks that $2 (for option $1) is a whole number from $3 to $4.
whole() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1 must be a whole number from $3 to $4, not '$2'"; }
# Minutes (decimals allowed) as whole seconds.
seconds_of() { awk -v m="$1" 'BEGIN { printf "%d", m * 60 + 0.5 }'; }
# Checks that fault time $2 (for option $1) is "off" or minutes inside the run.
fault_time() {
  [ "$2" = off ] && return 0
  [[ "$2" =~ ^[0-9]+(\.[0-9]+)?$ ]] && [ "$(seconds_of "$2")" -lt "$RUN_SECONDS" ] \
    || die "$1 must be minutes after the start, inside the run (under --minutes $MINUTES), or off; not '$2'"
}
whole --devices "$DEVICES" 1 10000
whole --breaches "$BREACHES" 0 1000
whole --drain "$DRAIN" 0 600
[[ "$MINUTES" =~ ^[0-9]+(\.[0-9]+)?$ ]] && [ "$(seconds_of "$MINUTES")" -ge 60 ] && [ "$(seconds_of "$MINUTES")" -le 10800 ] \
  || die "--minutes must be from 1 to 180, not '$MINUTES'"
RUN_SECONDS="$(seconds_of "$MINUTES")"
fault_time --db-outage-at "$OUTAGE_AT"
fault_time --kill-silo-at "$SILO_AT"
fault_time --kill-api-at "$API_AT"
whole --db-outage-seconds "$OUTAGE_SECONDS" 1 600
if [ "$OUTAGE_AT" != off ] && [ $(($(seconds_of "$OUTAGE_AT") + OUTAGE_SECONDS)) -gt "$RUN_SECONDS" ]; then
  die "--db-outage-at $OUTAGE_AT with --db-outage-seconds $OUTAGE_SECONDS ends after the run (--minutes $MINUTES)"
fi
[ -d "$(dirname "$REPORT")" ] || die "--report: no folder $(dirname "$REPORT")"
REPORT="$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")"

RUN="$(date -u +%Y%m%d-%H%M%S)"
RUN_DIR="$DATA/soak/$RUN"
SYSTEM="$RUN_DIR/system"
CHART="$(dirname "$REPORT")/docs/soak/$RUN.svg"
mkdir -p "$SYSTEM"

# Sets variable $1 to $3 ports from $2 up that nothing listens on and this run has not taken, comma-separated.
TAKEN=" "
free_ports() {
  local port=$2 found=()
  while [ ${#found[@]} -lt "$3" ]; do
    [ "$port" -lt $(($2 + 100)) ] || die "no $3 free ports from $2 to $(($2 + 99))"
    if [[ "$TAKEN" != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      found+=("$port") TAKEN+="$port "
    fi
    port=$((port + 1))
  done
  local IFS=,
  printf -v "$1" '%s' "${found[*]}"
}
free_ports SILO_PORTS 11400 3
free_ports GATEWAY_PORTS 30400 3
free_ports SILO_HTTP_PORTS 5400 3
free_ports API_PORTS 5410 2
free_ports MLLP_PORTS 2800 2
free_ports PG_PORT 55500 1
API_1="http://127.0.0.1:${API_PORTS%%,*}" API_2="http://127.0.0.1:${API_PORTS##*,}"

PG_HOME="$(DATA="$SYSTEM" && pg_home cluster-postgres)"
[[ "$PG_HOME" == "$SYSTEM"/* ]] \
  || die "the postgres user cannot reach $SYSTEM, so the soak's PostgreSQL would share $PG_HOME with deploy/cluster.sh's; use a MONITORING_DATA_DIR it can reach"

PG_DATA="$PG_HOME/data"
as_pg() { as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DATA' $*"; }

CLUSTER_PID="" DRIVER_PID=""
stop_all() {
  trap - INT TERM EXIT
  if [ -n "$DRIVER_PID" ] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    say "Stopping the driver"
    kill -TERM "$DRIVER_PID" 2>/dev/null || true
    wait "$DRIVER_PID" 2>/dev/null || true
  fi
  if [ -n "$CLUSTER_PID" ] && kill -0 "$CLUSTER_PID" 2>/dev/null; then
    say "Stopping the cluster"
    kill -TERM "$CLUSTER_PID" 2>/dev/null || true
    wait "$CLUSTER_PID" 2>/dev/null || true
  fi
  cp "$PG_HOME/server.log" "$RUN_DIR/postgres.log" 2>/dev/null || true
  if [ "$KEEP_DATA" = 0 ]; then
    as_pg "-m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$SYSTEM/cluster/releases" "$PG_HOME"
  fi
  say "Soak stopped; its folder: $RUN_DIR"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_dotnet
ensure_packages postgresql curl
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if [ "$BUILD" = 1 ]; then
  say "Building (Release)"
  dotnet build "$ROOT/Monitoring.slnx" -c Release --nologo -v quiet -clp:ErrorsOnly
fi

# One signing key for the api hosts and the driver's devices and staff; the person limit is lifted for
# the driver's set-up (one staff member admits every bed), the device limit stays as deployed.
Auth__SigningKey="$(head -c 32 /dev/urandom | base64)"
export Auth__SigningKey RateLimits__PersonPerSecond=1000000
say "Starting the cluster (run $RUN: silos $SILO_PORTS, api hosts $API_PORTS, PostgreSQL $PG_PORT)"
MONITORING_DATA_DIR="$SYSTEM" MONITORING_SILO_PORTS="$SILO_PORTS" MONITORING_GATEWAY_PORTS="$GATEWAY_PORTS" \
  MONITORING_SILO_HTTP_PORTS="$SILO_HTTP_PORTS" MONITORING_API_PORTS="$API_PORTS" MONITORING_MLLP_PORTS="$MLLP_PORTS" \
  MONITORING_PG_PORT="$PG_PORT" MONITORING_BEDS=0 \
  "$ROOT/deploy/cluster.sh" up --no-build --no-restart >"$RUN_DIR/cluster.log" 2>&1 </dev/null &
CLUSTER_PID=$!
for _ in $(seq 1 3000); do
  grep -q "Cluster up" "$RUN_DIR/cluster.log" && break
  kill -0 "$CLUSTER_PID" 2>/dev/null || { tail -n 20 "$RUN_DIR/cluster.log" >&2; die "deploy/cluster.sh stopped; see $RUN_DIR/cluster.log"; }
  sleep 0.1
done
grep -q "Cluster up" "$RUN_DIR/cluster.log" || die "the cluster was not up after 5 minutes; see $RUN_DIR/cluster.log"
CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=monitoring;Username=monitoring;Password=$(cat "$PG_HOME/password")"

say "Starting the driver: $DEVICES devices for $MINUTES min"
ulimit -n 65536 2>/dev/null || true
dotnet "$ROOT/tests/Monitoring.Benchmarks/bin/Release/net10.0/Monitoring.Benchmarks.dll" soak \
  --api "$API_1" --watch "$API_1,$API_2" --db "$CONNECTION" --devices "$DEVICES" --seconds "$RUN_SECONDS" \
  --breaches "$BREACHES" --drain "$DRAIN" --run-dir "$RUN_DIR" --pid-dir "$SYSTEM/cluster" --pg-data "$PG_DATA" \
  --markdown "$REPORT" --chart "$CHART" --chart-link "docs/soak/$RUN.svg" --command "deploy/soak.sh $ARGS" \
  > >(tee "$RUN_DIR/driver.log") 2>&1 </dev/null &
DRIVER_PID=$!
for _ in $(seq 1 18000); do
  [ -s "$RUN_DIR/load-started" ] && break
  kill -0 "$DRIVER_PID" 2>/dev/null || die "the driver stopped before the load began; see $RUN_DIR/driver.log"
  sleep 0.1
done
[ -s "$RUN_DIR/load-started" ] || die "the driver had not started the load after 30 minutes"
STARTED="$(cat "$RUN_DIR/load-started")"

elapsed() { awk -v t0="$STARTED" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }'; }
fault() { printf '%s\t%s\t%s\n' "$(elapsed)" "$1" "$2" >>"$RUN_DIR/faults.tsv"; say "$(elapsed) s: $1 $2"; }
# Waits until $1 seconds after the start; fails if the driver stopped meanwhile.
wait_until() {
  while awk -v e="$(elapsed)" -v t="$1" 'BEGIN { exit !(e < t) }'; do
    kill -0 "$DRIVER_PID" 2>/dev/null || die "the driver stopped during the load; see $RUN_DIR/driver.log"
    sleep 0.2
  done
}
kill_process() {
  local pid
  pid="$(cat "$SYSTEM/cluster/$1.pid")"
  fault "$2" "$1, pid $pid"
  kill -KILL "$pid"
}

# The faults in time order: "seconds action".
EVENTS=()
[ "$OUTAGE_AT" = off ] || EVENTS+=("$(seconds_of "$OUTAGE_AT") db-stop" "$(($(seconds_of "$OUTAGE_AT") + OUTAGE_SECONDS)) db-start")
[ "$SILO_AT" = off ] || EVENTS+=("$(seconds_of "$SILO_AT") kill-silo")
[ "$API_AT" = off ] || EVENTS+=("$(seconds_of "$API_AT") kill-api")
while read -r at action; do
  [ -n "$at" ] || continue
  wait_until "$at"
  case "$action" in
    db-stop) fault db-outage-start "pg_ctl stop -m fast"; as_pg "-m fast -w stop" >/dev/null ;;
    db-start) as_pg "-o '-p $PG_PORT' -l '$PG_HOME/server.log' -w -t 60 start" >/dev/null; fault db-outage-end "pg_ctl start" ;;
    kill-silo) kill_process silo-2 kill-silo ;;
    kill-api) kill_process api-2 kill-api ;;
  esac
done < <(printf '%s\n' "${EVENTS[@]+"${EVENTS[@]}"}" | sort -n)

# Bounded: the load, the drain and an hour for set-up and the history check at most.
LIMIT=$((RUN_SECONDS + DRAIN + 3600))
while kill -0 "$DRIVER_PID" 2>/dev/null; do
  awk -v e="$(elapsed)" -v l="$LIMIT" 'BEGIN { exit !(e > l) }' && die "the driver was still running $LIMIT s after the start; stopped"
  sleep 1
done
wait "$DRIVER_PID" || die "the driver failed; see $RUN_DIR/driver.log"
DRIVER_PID=""
say "Soak done: section appended to $REPORT, chart $CHART, results $RUN_DIR/result.json"
