#!/usr/bin/env bash
# A local multi-node cluster without containers: a private PostgreSQL, three silos and two api hosts
# on loopback ports, and a simulated ward, so the scale-out path can be tried on one machine.
#
#   deploy/cluster.sh [up]    builds, starts everything, prints the addresses; Ctrl-C stops it all
#   deploy/cluster.sh roll    (beside a running "up") a rolling upgrade: builds, then replaces each
#                             silo and then each api host, one at a time, each waited for before the next,
#                             behind the alarm-path gate (lib/canary.sh): a baseline of the alarm path first,
#                             then a window watched after each process; if the new release makes the alarm
#                             path worse, or a new process does not become ready, or on Ctrl-C, the roll stops,
#                             puts every process it replaced back on the release it found (newest replaced
#                             first, each waited for), says what it saw, and exits 1
#   deploy/cluster.sh status  each process, its pid and the release it runs
#
# Options: --no-build (use what is built); --no-restart (up: a process that stops by itself is reported
# and not started again, for injected faults such as deploy/soak.sh's; without it, it is started again
# with backoff, see lib/supervise.sh). Either way the others keep running.
# roll only: --no-canary (no gate: for a fix to an alarm path that is already degraded; a new process that
# is not ready still rolls back); --release-settings FILE (NAME=VALUE lines, # comments: environment for the
# new release's silos and api hosts only, kept in the release, so a roll-back drops them; this is how a test
# rolls out a deliberately slowed build, with Diagnostics__EnableFaultHooks and Diagnostics__PushDelay).
# Settings (environment), comma-separated port lists whose lengths give the number of silos and api hosts:
#   MONITORING_SILO_PORTS (11111,11112,11113)   MONITORING_GATEWAY_PORTS (30000,30001,30002)
#   MONITORING_SILO_HTTP_PORTS (5181,5182,5183) MONITORING_API_PORTS (5090,5091)
#   MONITORING_MLLP_PORTS (2585,2586)           MONITORING_PG_PORT (55434)
#   MONITORING_ADT_PORTS (2595,2596): each api host's ADT listener
#   MONITORING_BEDS (8; 0 for no simulated ward), MONITORING_UNIT (icu-3w), MONITORING_DATA_DIR (.data)
#   The gate's: MONITORING_CANARY_WINDOW (60 s), MONITORING_CANARY_SETTLE (15 s), MONITORING_CANARY_FACTOR (2),
#   MONITORING_CANARY_MARGIN_MS (250); see lib/canary.sh
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/postgres.sh"
. "$(dirname "$0")/lib/supervise.sh"
. "$(dirname "$0")/lib/canary.sh"
. "$(dirname "$0")/lib/roll.sh"

COMMAND=up BUILD=1 RESTART=1 CANARY=1 RELEASE_SETTINGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    up | roll | status) COMMAND=$1 ;;
    --no-build) BUILD=0 ;;
    --no-restart) RESTART=0 ;;
    --no-canary) CANARY=0 ;;
    --release-settings)
      [ $# -ge 2 ] || die "--release-settings needs a file"
      RELEASE_SETTINGS=$2
      shift
      ;;
    *) die "unknown argument '$1' (use: up | roll | status, --no-build, --no-restart, --no-canary, --release-settings FILE)" ;;
  esac
  shift
done

IFS=, read -r -a SILO_PORTS <<<"${MONITORING_SILO_PORTS:-11111,11112,11113}"
IFS=, read -r -a GATEWAY_PORTS <<<"${MONITORING_GATEWAY_PORTS:-30000,30001,30002}"
IFS=, read -r -a SILO_HTTP_PORTS <<<"${MONITORING_SILO_HTTP_PORTS:-5181,5182,5183}"
IFS=, read -r -a API_PORTS <<<"${MONITORING_API_PORTS:-5090,5091}"
IFS=, read -r -a MLLP_PORTS <<<"${MONITORING_MLLP_PORTS:-2585,2586}"
IFS=, read -r -a ADT_PORTS <<<"${MONITORING_ADT_PORTS:-2595,2596}"
PG_PORT="${MONITORING_PG_PORT:-55434}"
BEDS="${MONITORING_BEDS:-8}"
UNIT="${MONITORING_UNIT:-icu-3w}"
STATE="$DATA/cluster"
LOGS="$STATE/logs"
BIN=Release

[ ${#GATEWAY_PORTS[@]} -eq ${#SILO_PORTS[@]} ] && [ ${#SILO_HTTP_PORTS[@]} -eq ${#SILO_PORTS[@]} ] \
  || die "MONITORING_SILO_PORTS, MONITORING_GATEWAY_PORTS and MONITORING_SILO_HTTP_PORTS must list as many ports"
[ ${#MLLP_PORTS[@]} -eq ${#API_PORTS[@]} ] || die "MONITORING_API_PORTS and MONITORING_MLLP_PORTS must list as many ports"
[ ${#ADT_PORTS[@]} -eq ${#API_PORTS[@]} ] || die "MONITORING_API_PORTS and MONITORING_ADT_PORTS must list as many ports"

# The binaries run from a release folder of their own, so that a build for the next version never
# writes over the files of processes that are running.
new_release() {
  if [ "$BUILD" = 1 ]; then
    say "Building" >&2
    dotnet build "$ROOT/Monitoring.slnx" -c "$BIN" --nologo -v quiet -clp:ErrorsOnly >&2
  fi
  local release running
  release="$STATE/releases/$(date -u +%Y%m%dT%H%M%S%N)"
  mkdir -p "$release"
  for app in silo api simulator; do cp -r "$ROOT/$app/bin/$BIN/net10.0" "$release/$app"; done
  [ -z "$RELEASE_SETTINGS" ] || cp "$RELEASE_SETTINGS" "$release/settings.env"
  # Keep the running one (to roll back to), this one and the newest other: three at most.
  running="$(cat "$STATE/release" 2>/dev/null || true)"
  ls -d "$STATE"/releases/* | sort -r | { grep -vxF -e "$release" -e "${running:-$release}" || true; } | tail -n +2 | xargs -r rm -rf
  echo "$release"
}

# Checks a --release-settings file: NAME=VALUE lines (environment names), blank lines and # comments.
check_release_settings() {
  local file=$1 line number=0
  [ -r "$file" ] || die "--release-settings: cannot read '$file'"
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
    [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--release-settings: line $number of $file is not NAME=VALUE (an environment variable, such as Diagnostics__PushDelay=00:00:03)"
  done <"$file"
}

# The environment a release carries (its settings.env, if any) as NAME=VALUE words for env.
release_environment() {
  local file="$1/settings.env" line
  [ -r "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] || printf '%s\n' "$line"
  done <"$file"
}

pid_of() { cat "$STATE/$1.pid" 2>/dev/null || true; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# SIGTERM, then wait for the process to finish draining (it is not always our child).
stop_process() {
  local name=$1 pid
  pid="$(pid_of "$name")"
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$STATE/$name.pid"
}

# Waits until the process's readiness check answers; fails, naming its log, if it dies or takes over 60 s.
wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 1 600); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    alive "$(pid_of "$name")" || { printf 'error: %s stopped; see %s\n' "$name" "$LOGS/$name.log" >&2; return 1; }
    sleep 0.1
  done
  printf 'error: %s was not ready after 60 s; see %s\n' "$name" "$LOGS/$name.log" >&2
  return 1
}

# The release the cluster runs (new_release's folder), for starting a service again.
current_release() { cat "$STATE/release"; }

launch_silo() {
  local i=$1 release=$2 name="silo-$(($1 + 1))" settings
  mapfile -t settings < <(release_environment "$release")
  env "${settings[@]}" Silo__SiloPort="${SILO_PORTS[i]}" Silo__GatewayPort="${GATEWAY_PORTS[i]}" \
    Operations__Urls="http://127.0.0.1:${SILO_HTTP_PORTS[i]}" \
    setsid dotnet "$release/silo/Monitoring.Silo.dll" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

# Starts a silo and waits until it is ready; fails, saying why, if it cannot start or is not ready.
start_silo() {
  local i=$1 release=$2 name="silo-$(($1 + 1))"
  (require_free_port "${SILO_PORTS[i]}" "$name" && require_free_port "${GATEWAY_PORTS[i]}" "$name's gateway") || return 1
  launch_silo "$i" "$release"
  wait_ready "$name" "http://127.0.0.1:${SILO_HTTP_PORTS[i]}/healthz/ready"
}

launch_api() {
  local j=$1 release=$2 name="api-$(($1 + 1))" settings
  mapfile -t settings < <(release_environment "$release")
  env "${settings[@]}" ASPNETCORE_URLS="http://127.0.0.1:${API_PORTS[j]}" Watchdog__HostName="$name" Mllp__Port="${MLLP_PORTS[j]}" Adt__Mllp__Port="${ADT_PORTS[j]}" \
    setsid dotnet "$release/api/Monitoring.Api.dll" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

start_api() {
  local j=$1 release=$2 name="api-$(($1 + 1))"
  (require_free_port "${API_PORTS[j]}" "$name") || return 1
  launch_api "$j" "$release"
  wait_ready "$name" "http://127.0.0.1:${API_PORTS[j]}/healthz/ready"
}

launch_simulator() {
  local release=$1
  setsid dotnet "$release/simulator/Monitoring.Simulator.dll" --api "http://127.0.0.1:${API_PORTS[0]}" \
    --unit "$UNIT" --beds "$BEDS" --deteriorate 3 >>"$LOGS/simulator.log" 2>&1 </dev/null &
  echo $! >"$STATE/simulator.pid"
}

# Starts a service of the cluster again by its name (silo-2, api-1, simulator), without waiting for it.
launch() {
  local name=$1 release
  release="$(current_release)"
  case "$name" in
    silo-*) launch_silo "$((${name#silo-} - 1))" "$release" ;;
    api-*) launch_api "$((${name#api-} - 1))" "$release" ;;
    simulator) launch_simulator "$release" ;;
  esac
}

environment() {
  ensure_dotnet
  ensure_packages postgresql curl
  mkdir -p "$LOGS"
  pg_up cluster-postgres "$PG_PORT"
  # The processes connect as the application's role; only the migrations run as the schema's owner.
  export Database__ConnectionString="$PG_APP_CONNECTION" Cluster__ClusterId=local-cluster Cluster__ServiceId=monitoring
  # One key for every process, so a patient's log token is the same wherever it is written.
  [ -s "$STATE/redaction.key" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$STATE/redaction.key")
  Redaction__Key="$(cat "$STATE/redaction.key")"
  export Redaction__Key
  ensure_signing_key
  ensure_cluster_tls
}

up() {
  stop_all() {
    trap - INT TERM EXIT
    say "Stopping"
    # Newest first: the ward, the api hosts, the silos, each draining before the next.
    stop_process simulator
    for name in $(cd "$STATE" && ls -r api-*.pid silo-*.pid 2>/dev/null | sed 's/\.pid$//'); do stop_process "$name"; done
    pg_down cluster-postgres
    rm -f "$STATE/up.pid"
    say "Stopped"
  }
  alive "$(pid_of up)" && die "a cluster is already up (pid $(pid_of up)); stop it first"
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  environment
  echo $$ >"$STATE/up.pid"
  local release
  release="$(new_release)"
  echo "$release" >"$STATE/release"

  say "Applying migrations"
  Database__ConnectionString="$PG_CONNECTION" dotnet "$release/silo/Monitoring.Silo.dll" migrate
  for i in "${!SILO_PORTS[@]}"; do
    say "Starting silo-$((i + 1)) (silo port ${SILO_PORTS[i]}, gateway ${GATEWAY_PORTS[i]}, operator http://127.0.0.1:${SILO_HTTP_PORTS[i]})"
    start_silo "$i" "$release" || exit 1
    supervised_start "silo-$((i + 1))"
  done
  for j in "${!API_PORTS[@]}"; do
    say "Starting api-$((j + 1)) on http://127.0.0.1:${API_PORTS[j]} (MLLP ${MLLP_PORTS[j]}, ADT ${ADT_PORTS[j]})"
    start_api "$j" "$release" || exit 1
    supervised_start "api-$((j + 1))"
  done
  if [ "$BEDS" -gt 0 ]; then
    say "Starting a simulated ward: $BEDS beds in $UNIT, through api-1"
    launch_simulator "$release"
    supervised_start simulator
  fi

  local token
  token="$(dotnet "$release/api/Monitoring.Api.dll" token --sub nurse.demo --role nurse,admin --units "$UNIT")"
  echo
  for j in "${!API_PORTS[@]}"; do echo "  Dashboard on api-$((j + 1)): http://127.0.0.1:${API_PORTS[j]}/?unit=$UNIT#token=$token"; done
  for i in "${!SILO_PORTS[@]}"; do echo "  Orleans Dashboard on silo-$((i + 1)): http://127.0.0.1:${SILO_HTTP_PORTS[i]}/dashboard"; done
  echo "  Logs: $LOGS"
  echo "  Rolling upgrade: deploy/cluster.sh roll (in another terminal)"
  echo "  Press Ctrl-C to stop everything."
  say "Cluster up"

  # Watch the processes: one that stops by itself is started again with backoff (or, with --no-restart,
  # reported and left); the others keep running. During a roll they are replaced on purpose.
  while sleep 1; do
    [ -e "$STATE/rolling" ] && continue
    for name in $(cd "$STATE" && ls ./*.pid | sed 's|^\./||; s|\.pid$||'); do
      [ "$name" = up ] && continue
      alive "$(pid_of "$name")" && continue
      if [ "$RESTART" = 1 ]; then
        restart_with_backoff "$name" "$LOGS/$name.log" launch "$name"
      else
        say "$name stopped by itself; not started again (--no-restart); the others keep running; see $LOGS/$name.log"
        rm -f "$STATE/$name.pid"
      fi
    done
  done
}

status() {
  local name pid release
  [ -d "$STATE" ] || die "no cluster in $STATE"
  echo "cluster release: $(cat "$STATE/release" 2>/dev/null || echo none)"
  for name in $(cd "$STATE" && ls ./*.pid 2>/dev/null | sed 's|^\./||; s|\.pid$||' | grep -vx up); do
    pid="$(pid_of "$name")"
    if alive "$pid"; then
      release="$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -o "$STATE/releases/[^/ ]*" | head -n 1 || true)"
      echo "$name pid $pid release ${release:-unknown}"
    else
      echo "$name not running"
    fi
  done
}

"$COMMAND"
