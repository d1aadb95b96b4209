#!/usr/bin/env bash
# Mints a local access token, signed with this checkout's key ($DATA/auth/signing.key), and prints it.
#   deploy/token.sh --sub alice --role nurse --units icu-3w            a nurse of one unit
#   deploy/token.sh --sub bob --role oncall --units icu-3w,icu-4e        on call for two units
#   deploy/token.sh --sub lena --role nurse,nurse-lead --units icu-3w   a unit's nurse lead (alarm analytics)
#   deploy/token.sh --sub carol --role admin,nurse --units '*'           an admin of every unit
#   deploy/token.sh --sub dev-7 --role device                            a device (its id is the subject)
#   deploy/token.sh --sub ops --role operator                            an operator (the silo's Orleans Dashboard)
# Options: --hours (12). Open the dashboard with http://127.0.0.1:5080/#token=<token>.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ensure_dotnet
ensure_signing_key
DLL="$ROOT/api/bin/Release/net10.0/Monitoring.Api.dll"
[ -f "$DLL" ] || dotnet build "$ROOT/api" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet "$DLL" token "$@"
