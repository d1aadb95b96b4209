#!/usr/bin/env bash
# Measures the system on this machine: starts a private PostgreSQL with an empty database, a fresh
# silo and api (Release), runs tests/Monitoring.Benchmarks against them, appends the results to
# BENCHMARKS.md and writes .data/benchmark/result.json; then stops everything.
#
#   deploy/benchmark.sh [--devices 1000,2500,5000,10000] [--mllp-devices 1000,2500] [--ws-devices 2500]
#                       [--gateway-devices 2500,10000] [--duration 30] [--warmup 10] [--breaches 35]
#                       [--idle-patients 2000] [--streaming-patients 2000] [--floor-devices 2500,10000 (default: every ward size)]
#   deploy/benchmark.sh --replay-only [--replay-beds 40] [--replay-days 7] [--replay-runs 3]
#                       issue 20's bound alone: a week of a 40-bed unit loaded by COPY, the same what-if replay
#                       run through the api --replay-runs times; its section and latest line go to BENCHMARKS.md,
#                       its figures to .data/benchmark/replay.json
#
# The HTTP baselines are driven by wrk (installed if missing), an independent load generator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/deploy/lib/postgres.sh"

COMMAND="deploy/benchmark.sh $*"
MODE=()
RESULT="$DATA/benchmark/result.json"
if [ "${1:-}" = --replay-only ]; then
  shift
  MODE=(replay)
  RESULT="$DATA/benchmark/replay.json"
fi
LOGS="$DATA/logs"
BIN=Release
mkdir -p "$LOGS" "$DATA/benchmark"
ensure_dotnet
ensure_packages postgresql wrk

pids=()
stop_all() {
  trap - INT TERM EXIT
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  pg_down postgres-bench
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "Building (Release)"
dotnet build "$ROOT/Monitoring.slnx" -c "$BIN" --nologo -v quiet -clp:ErrorsOnly

say "Starting PostgreSQL with an empty database"
# pg_stat_statements: the report says which statements PostgreSQL spent its time on.
PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements" pg_up postgres-bench "$(first_free_port 55440)"
# As the superuser, who may end an autovacuum worker still in the old database (its owner may not).
psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Database=monitoring/dbname=postgres/; s/Username=monitoring/user=postgres/; s/Password=.*$//' <<<"$PG_CONNECTION") password=$PG_SUPERUSER_PASSWORD" -q \
  -c "drop database if exists bench with (force)" -c "create database bench owner monitoring" >/dev/null
# As the superuser: the extension, and the schema's owner (which the benchmark reads them as) may read every statement's figures.
psql "$(sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Database=monitoring/dbname=bench/; s/Username=monitoring/user=postgres/; s/Password=.*$//' <<<"$PG_CONNECTION") password=$PG_SUPERUSER_PASSWORD" -q \
  -c "create extension if not exists pg_stat_statements" -c "grant pg_read_all_stats to monitoring" >/dev/null
# The silo and the api connect as the application's role; the migrations and the benchmark's own loading
# and reading (COPY of days of history, pg_stat_statements) as the schema's owner.
export Database__ConnectionString="${PG_APP_CONNECTION/Database=monitoring/Database=bench}"
BENCH_OWNER_CONNECTION="${PG_CONNECTION/Database=monitoring/Database=bench}"
export Cluster__ClusterId=bench Cluster__ServiceId=bench
ensure_signing_key
ensure_redaction_key
ensure_cluster_tls
# The silo lets the benchmark force a full collection to measure its heap (Diagnostics:AllowHeapMeasurement).
export Diagnostics__AllowHeapMeasurement=true
# The benchmark measures capacity: its devices and its one staff member are not rate limited.
export RateLimits__DevicePerSecond=1000000 RateLimits__PersonPerSecond=1000000 RateLimits__AnonymousPerSecond=1000000
Database__ConnectionString="$BENCH_OWNER_CONNECTION" dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" migrate >/dev/null

ulimit -n 65536 2>/dev/null || true
# The history-at-scale step loads a day five days back and times retention dropping it; the silo's own
# retention (every 10 minutes) must not drop it first, so the silo keeps every reading for a week here.
# The replay's week is loaded back to eight days ago: kept for eight days there.
export VitalsHistory__FullResolutionFor=7.00:00:00
[ ${#MODE[@]} -eq 0 ] || export VitalsHistory__FullResolutionFor=8.00:00:00
Silo__SiloPort="$(first_free_port 11200)" Silo__GatewayPort="$(first_free_port 30200)" Operations__Urls="http://127.0.0.1:$(first_free_port 5181)"
export Silo__SiloPort Silo__GatewayPort Operations__Urls
dotnet "$ROOT/silo/bin/$BIN/net10.0/Monitoring.Silo.dll" >"$LOGS/bench-silo.log" 2>&1 &
pids+=($!)
silo_pid=$!
for _ in $(seq 1 600); do grep -q "Silo ready" "$LOGS/bench-silo.log" && break; sleep 0.1; done

api_port="$(first_free_port 5180)"
mllp_port="$(first_free_port 2675)"
ASPNETCORE_URLS="http://127.0.0.1:$api_port" Mllp__Port="$mllp_port" \
  dotnet "$ROOT/api/bin/$BIN/net10.0/Monitoring.Api.dll" >"$LOGS/bench-api.log" 2>&1 &
pids+=($!)
api_pid=$!
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$api_port/healthz/ready" >/dev/null 2>&1 && break; sleep 0.1; done

say "Measuring"
dotnet "$ROOT/tests/Monitoring.Benchmarks/bin/$BIN/net10.0/Monitoring.Benchmarks.dll" "${MODE[@]}" \
  --api "http://127.0.0.1:$api_port" --mllp "127.0.0.1:$mllp_port" --db "$BENCH_OWNER_CONNECTION" --cluster bench \
  --silo-pid "$silo_pid" --api-pid "$api_pid" \
  --out "$RESULT" --markdown "$ROOT/BENCHMARKS.md" \
  --command "$COMMAND" "$@"
