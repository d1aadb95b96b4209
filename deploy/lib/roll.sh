# shellcheck shell=bash
# The rolling upgrade of deploy/cluster.sh roll and its roll-back (docs/operations.md#rolling-upgrade). Sourced by
# cluster.sh; uses its settings (ports, STATE, CANARY, RELEASE_SETTINGS) and its process functions, and the gate of
# lib/canary.sh.

# Starts one process of the cluster (silo-2, api-1) from a release and waits until it is ready.
start_named() {
  local name=$1 release=$2
  case "$name" in
    silo-*) start_silo "$((${name#silo-} - 1))" "$release" ;;
    api-*) start_api "$((${name#api-} - 1))" "$release" ;;
  esac
}

roll() {
  alive "$(pid_of up)" || die "no cluster is up (start it with deploy/cluster.sh)"
  [ -z "$RELEASE_SETTINGS" ] || check_release_settings "$RELEASE_SETTINGS"
  [ "$CANARY" = 0 ] || canary_settings
  environment
  local previous release name names=() replaced=()
  previous="$(current_release)"
  [ -d "$previous" ] || die "the release the cluster runs ($previous) is gone; cannot roll (nothing to roll back to)"
  for i in "${!SILO_PORTS[@]}"; do names+=("silo-$((i + 1))"); done
  for j in "${!API_PORTS[@]}"; do names+=("api-$((j + 1))"); done

  release="$(new_release)"
  if [ -n "$RELEASE_SETTINGS" ]; then
    say "The new release carries settings from $RELEASE_SETTINGS for its silos and api hosts: $(release_environment "$release" | cut -d= -f1 | paste -sd ' ')"
  fi
  # The alarm path as it is, before anything is touched (and after the build, which would slow it): a roll
  # does not start on a path already failing.
  if [ "$CANARY" = 1 ]; then
    say "Measuring the alarm path for ${CANARY_WINDOW} s before the roll (baseline; deploy/lib/canary.sh)"
    canary_window "before the roll" "$CANARY_WINDOW" \
      || die "the alarm path is not healthy before the roll, so a new release could not be judged against it:"$'\n'"$CANARY_REASONS"$'\n'"nothing was replaced; find the cause first (docs/SLO.md), or roll a fix for it with --no-canary"
  else
    say "Rolling without the alarm-path gate (--no-canary): a new release that slows alarms will not be caught"
  fi
  touch "$STATE/rolling"
  echo "$release" >"$STATE/release"
  trap 'rm -f "$STATE/rolling"' EXIT
  # Ctrl-C (or SIGTERM) during the roll rolls back what it replaced, as a worse alarm path does.
  trap 'roll_back "$previous" "$release" "interrupted (Ctrl-C or SIGTERM)" "${replaced[@]}"' INT TERM
  # Silos first: each drains (its grains move to the others) before the new one joins.
  for name in "${names[@]}"; do
    say "Replacing $name"
    replaced+=("$name")
    stop_process "$name"
    if ! start_named "$name" "$release"; then
      roll_back "$previous" "$release" "$name of the new release did not become ready (see $LOGS/$name.log)" "${replaced[@]}"
    fi
    [ "$CANARY" = 1 ] || continue
    if [ "$CANARY_SETTLE" -gt 0 ]; then
      say "Letting $name settle for ${CANARY_SETTLE} s, then until every api host is ready and not degraded (at most ${CANARY_SETTLE} s more)"
      sleep "$CANARY_SETTLE"
      canary_settled "$CANARY_SETTLE" || say "Not every api host is ready and not degraded after settling; the window judges it"
    fi
    say "Watching the alarm path for ${CANARY_WINDOW} s with $name on the new release"
    if ! canary_window "after $name" "$CANARY_WINDOW" "$name"; then
      roll_back "$previous" "$release" "the alarm path is worse with $name on the new release:"$'\n'"$CANARY_REASONS" "${replaced[@]}"
    fi
  done
  say "Rolled to $release"
}

# roll_back PREVIOUS RELEASE REASON NAME...: puts every process named (those the roll replaced) back on
# PREVIOUS, the newest replaced first, each waited for; then exits 1.
roll_back() {
  local previous=$1 release=$2 reason=$3 name i
  shift 3
  trap - INT TERM # a second Ctrl-C stops the roll-back where it is
  say "Stopping the roll: $reason"
  say "Rolling back to $previous: $(printf '%s ' "$@" | awk '{ for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? ", " : "") }')"
  echo "$previous" >"$STATE/release"
  printf 'rolled back %s: %s\n' "$(date -u +%FT%TZ)" "$reason" >"$release/rolled-back"
  for ((i = $# ; i > 0; i--)); do
    name="${!i}"
    say "Putting $name back on the previous release"
    stop_process "$name"
    start_named "$name" "$previous" \
      || die "roll-back incomplete: $name did not become ready on $previous (see $LOGS/$name.log); the cluster's supervisor keeps starting it"
  done
  if [ "$CANARY" = 1 ]; then
    sleep "$CANARY_SETTLE"
    canary_settled "$CANARY_SETTLE" || true
    say "Checking the alarm path after the roll-back (${CANARY_WINDOW} s, after ${CANARY_SETTLE} s settling)"
    if canary_window "after the roll-back" "$CANARY_WINDOW"; then
      say "The alarm path is as before the roll"
    else
      say "The alarm path is still not healthy after the roll-back:"$'\n'"$CANARY_REASONS"
    fi
  fi
  say "Rolled back to $previous: the roll failed; $release was not rolled out"
  exit 1
}
