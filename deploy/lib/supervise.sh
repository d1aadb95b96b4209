# shellcheck shell=bash
# Supervision for deploy/start.sh and deploy/cluster.sh: a service that stops by itself is started
# again, with a line saying so, after 1 s, then 2, 4, 8 ... up to 30 s while it keeps failing (back to
# 1 s once it has run for a minute); the others keep running. Sourced after lib/common.sh.

declare -A SUPERVISED_SINCE=() SUPERVISED_DELAY=() SUPERVISED_DUE=()

# supervised_start NAME: NAME has just been started (or restarted).
supervised_start() { SUPERVISED_SINCE[$1]=$SECONDS; }

# restart_with_backoff NAME LOG COMMAND...: for a service found not running, once a second. The first
# call says so and sets the delay; the call after the delay runs COMMAND (which starts the service again).
restart_with_backoff() {
  local name=$1 log=$2 ran delay
  shift 2
  if [ -z "${SUPERVISED_DUE[$name]:-}" ]; then
    ran=$((SECONDS - ${SUPERVISED_SINCE[$name]:-$SECONDS}))
    delay=${SUPERVISED_DELAY[$name]:-1}
    [ "$ran" -ge 60 ] && delay=1
    SUPERVISED_DUE[$name]=$((SECONDS + delay))
    SUPERVISED_DELAY[$name]=$((delay * 2 > 30 ? 30 : delay * 2))
    say "$name stopped by itself after $ran s; starting it again in $delay s (log: $log)"
    return 0
  fi
  [ "$SECONDS" -ge "${SUPERVISED_DUE[$name]}" ] || return 0
  unset "SUPERVISED_DUE[$name]"
  "$@"
  supervised_start "$name"
  say "$name started again"
}
