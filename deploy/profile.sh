#!/usr/bin/env bash
# Where the silo's (or an api host's) CPU goes under load: runs deploy/benchmark.sh (its arguments, by default a ward of
# 2,500 devices over HTTP and MLLP for 90 s, no history at scale), samples the silo with dotnet-trace for
# 30 s in the middle of the HTTP ward, and prints the samples' shares by stage of the hot path
# (deploy/lib/profile-stages.py). The run's own figures go to .data/profile/, not to BENCHMARKS.md:
# a traced silo is slower than an untraced one.
#
#   deploy/profile.sh [benchmark arguments]
#   PROFILE=api deploy/profile.sh     # the api host instead of the silo
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

OUT="$DATA/profile"
TOOLS="$DATA/tools"
mkdir -p "$OUT" "$TOOLS"
ensure_dotnet
ensure_packages python3
[ -x "$TOOLS/dotnet-trace" ] || dotnet tool install --tool-path "$TOOLS" dotnet-trace --version 10.0.750501 >/dev/null

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--devices 2500 --mllp-devices 2500 --duration 90 --history-beds 0 --idle-patients 500)
cp "$ROOT/BENCHMARKS.md" "$OUT/BENCHMARKS.md"
"$ROOT/deploy/benchmark.sh" "${args[@]}" --markdown "$OUT/BENCHMARKS.md" --out "$OUT/result.json" >"$OUT/benchmark.log" 2>&1 &
bench=$!
trap 'kill -TERM $bench 2>/dev/null || true' EXIT

say "Waiting for the HTTP ward (log: $OUT/benchmark.log)"
until grep -q "over HTTP: setting up" "$OUT/benchmark.log"; do kill -0 $bench 2>/dev/null || die "the benchmark stopped; see $OUT/benchmark.log"; sleep 2; done
until grep -q "s measured" "$OUT/benchmark.log"; do sleep 1; done
sleep 15
PROFILE="${PROFILE:-silo}"
case "$PROFILE" in
  silo) process="$(pgrep -f "$ROOT/silo/bin/Release/net10.0/Monitoring.Silo.dll" | head -n 1)"; stages=() ;;
  api) process="$(pgrep -f "$ROOT/api/bin/Release/net10.0/Monitoring.Api.dll" | head -n 1)"; stages=(--api) ;;
  *) die "PROFILE must be silo or api" ;;
esac
[ -n "$process" ] || die "no $PROFILE process found"
say "Sampling the $PROFILE (pid $process) for 30 s"
"$TOOLS/dotnet-trace" collect -p "$process" --profile dotnet-sampled-thread-time --duration 00:00:00:30 -o "$OUT/$PROFILE.nettrace" >/dev/null
"$TOOLS/dotnet-trace" convert "$OUT/$PROFILE.nettrace" --format speedscope -o "$OUT/$PROFILE.json" >/dev/null
wait $bench || true
trap - EXIT
grep "over HTTP:" "$OUT/benchmark.log" | tail -n 1
python3 "$ROOT/deploy/lib/profile-stages.py" "${stages[@]}" "$OUT/$PROFILE.speedscope.json"
