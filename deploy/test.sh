#!/usr/bin/env bash
# Runs every test against a private PostgreSQL started for the run (and stopped after it).
# Installs what is missing (PostgreSQL, Chromium); prints "N passed, N failed" last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/deploy/lib/postgres.sh"

# A private server for this run; when the usual port is taken (another checkout testing), the next free one.
TEST_PG_PORT="${MONITORING_TEST_PG_PORT:-$(first_free_port 55433)}"
RESULTS="$DATA/test-results"

ensure_dotnet
ensure_packages postgresql chromium
pg_up postgres-test "$TEST_PG_PORT"
trap 'pg_down postgres-test' EXIT
export MONITORING_TEST_POSTGRES="$PG_CONNECTION"
# Playwright drives Debian's Chromium; it must never try to download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

rm -rf "$RESULTS"
say "Building"
dotnet build "$ROOT/Monitoring.slnx" -c Release --nologo -v quiet -clp:ErrorsOnly
say "Testing"
status=0
dotnet test "$ROOT/Monitoring.slnx" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@" || status=$?

# One line from the result files, whatever the runner printed above it.
passed=0 failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
exit "$status"
