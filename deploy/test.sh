#!/usr/bin/env bash
# Runs every test against a private PostgreSQL started for the run (and stopped after it).
# Installs what is missing (PostgreSQL, Chromium, promtool); prints "N passed, N failed" last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/deploy/lib/postgres.sh"

# A private server for this run; when the usual port is taken (another checkout testing), the next free one.
TEST_PG_PORT="${MONITORING_TEST_PG_PORT:-$(first_free_port 55433)}"
RESULTS="$DATA/test-results"

ensure_dotnet
ensure_packages postgresql chromium
# promtool checks and unit-tests the Prometheus rules (PrometheusRulesTests); its package's daemon stays off.
command -v promtool >/dev/null || ensure_packages_without_services prometheus
pg_up postgres-test "$TEST_PG_PORT"
trap 'pg_down postgres-test' EXIT
export MONITORING_TEST_POSTGRES="$PG_CONNECTION" MONITORING_TEST_POSTGRES_APP="$PG_APP_CONNECTION"
# Playwright drives Debian's Chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

rm -rf "$RESULTS"
# The outside fixtures sit beside the checkout in CI; without them their tests are skipped, or fail when CI is set.
if [ ! -d "$ROOT/../shared/fixtures" ]; then
  if [ -n "${CI:-}" ]; then
    say "CI=$CI but $ROOT/../shared/fixtures is missing: the tests that read it will fail"
  else
    say "$ROOT/../shared/fixtures is missing: the tests that read it are skipped (set CI=true to make them fail)"
  fi
fi
say "Building"
dotnet build "$ROOT/Monitoring.slnx" -c Release --nologo -v quiet -clp:ErrorsOnly
say "Testing"
status=0
dotnet test "$ROOT/Monitoring.slnx" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@" || status=$?

# The last line from the result files, whatever the runner printed above it: every outcome counted.
# A test that errored, timed out or was aborted counts as failed; a skipped test is one the runner did
# not execute (xunit's Skip). Without a filter every test project must have run at least one test.
projects=$(grep -L '<IsTestProject>false</IsTestProject>' "$ROOT"/tests/*/*.csproj | wc -l)
passed=0 failed=0 skipped=0 reports=0 empty=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { local n; n=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${n:-0}"; }
  reports=$((reports + 1))
  [ "$(count total)" -eq 0 ] && empty=$((empty + 1))
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted) + $(count disconnected) + $(count passedButRunAborted)))
  skipped=$((skipped + $(count notExecuted) + $(count notRunnable) + $(count inconclusive)))
done
if [ "$#" -eq 0 ] && { [ "$reports" -lt "$projects" ] || [ "$empty" -gt 0 ]; }; then
  echo "Of $projects test projects, $((reports - empty)) ran tests ($reports result files, $empty of them empty)." >&2
  [ "$status" -eq 0 ] && status=1
fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
# CI reads the last line, "N passed, N failed"; the skipped ones are said on the line before.
echo "$skipped skipped"
echo "$passed passed, $failed failed"
exit "$status"
