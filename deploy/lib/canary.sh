# shellcheck shell=bash
# The alarm-path gate of deploy/cluster.sh roll (docs/operations.md#rolling-upgrade). Sourced by
# cluster.sh after lib/common.sh; reads its API_PORTS and uses its alive and pid_of.
#
# Before anything is replaced, the alarm path is measured for one window: the baseline. After each process
# is replaced and ready, the gate lets it settle, then watches another window and judges the new release
# worse when, in that window (after the settling):
#   - the new process stopped;
#   - an api host's readiness was not Healthy (Degraded: its watchdog finds alarms late or missing) or its
#     watchdog said degraded (monitoring_watchdog_degraded 1, the condition of the MonitoringPathDegraded
#     alert of deploy/prometheus/rules/watchdog.yml without its minute): looked at every second, the roll
#     stops at once;
#   - a watchdog probe went missing (monitoring_watchdog_probes_total{outcome="missing"} rose);
#   - an api host exports no watchdog series though the baseline had them;
#   - an api host's mean watchdog delivery (monitoring_watchdog_delivery_milliseconds: the synthetic
#     reading sent to its alarm at that host's hub) was over max(baseline × FACTOR, baseline + MARGIN);
#   - the alarm-delivery SLO burned at the rate that pages: the share of the wards' alarm pushes over 1 s
#     in the window (monitoring_alarm_latency_milliseconds, the SLO's own SLI, which leaves the watchdog's
#     alarms out: their path is longer and their bound Watchdog:LateAfter) over the fast-burn rate × the
#     error budget, both read from deploy/prometheus/rules/slo.yml. This is the condition of
#     AlarmDeliveryBudgetBurningFast applied to the window, not Prometheus evaluating the rule: there is no
#     Prometheus beside a local cluster, and the rule's windows (5 m, 1 h) are longer than a canary's.
# Each host's share of probes on time (the watchdog's SLI, watchdog:probes_on_time) is printed, not judged
# by itself: a late probe counts in the mean, and two in a row make the host degraded.
# Where no watchdog series are exported (an older release), the same judgements are made on the alarm
# pushes of the window, if there were any, and on readiness; the report says what was measured.
# The figures before and after are printed either way.
#
# Settings (environment):
#   MONITORING_CANARY_WINDOW (60)      seconds watched: the baseline, and after each process
#   MONITORING_CANARY_SETTLE (15)      seconds after a process is ready before its window starts (a
#                                      silo's grains moving, an api host's clients reconnecting), and
#                                      then at most as long again until every api host is Healthy
#   MONITORING_CANARY_FACTOR (2)       a host's mean delivery may be up to baseline × this ...
#   MONITORING_CANARY_MARGIN_MS (250)  ... or baseline + this many milliseconds, whichever is more

CANARY_WINDOW="${MONITORING_CANARY_WINDOW:-60}"
CANARY_SETTLE="${MONITORING_CANARY_SETTLE:-15}"
CANARY_FACTOR="${MONITORING_CANARY_FACTOR:-2}"
CANARY_MARGIN_MS="${MONITORING_CANARY_MARGIN_MS:-250}"
CANARY_RULES="$ROOT/deploy/prometheus/rules/slo.yml"
# The baseline's mean delivery (ms; empty when nothing was measured) and what it was measured on.
CANARY_BASELINE_MS="" CANARY_BASELINE_OF=""
# Why the last window judged the release worse (one reason a line), and the figures it printed.
CANARY_REASONS=""

canary_settings() {
  [[ "$CANARY_WINDOW" =~ ^[1-9][0-9]*$ ]] || die "MONITORING_CANARY_WINDOW '$CANARY_WINDOW' must be a whole number of seconds, 1 or more"
  [[ "$CANARY_SETTLE" =~ ^[0-9]+$ ]] || die "MONITORING_CANARY_SETTLE '$CANARY_SETTLE' must be a whole number of seconds, 0 or more"
  [[ "$CANARY_FACTOR" =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v f="$CANARY_FACTOR" 'BEGIN { exit !(f >= 1) }' \
    || die "MONITORING_CANARY_FACTOR '$CANARY_FACTOR' must be a number, 1 or more"
  [[ "$CANARY_MARGIN_MS" =~ ^[0-9]+$ ]] || die "MONITORING_CANARY_MARGIN_MS '$CANARY_MARGIN_MS' must be a whole number of milliseconds"
  [ -r "$CANARY_RULES" ] || die "the SLO rules $CANARY_RULES are missing"
  read -r CANARY_BUDGET CANARY_BURN < <(canary_slo_thresholds) \
    || die "could not read the alarm-delivery error budget and fast-burn rate from $CANARY_RULES"
}

# The alarm-delivery SLO's error budget (the slo:error_budget:ratio record) and the burn rate of its
# paging alert's short window (the first "> (RATE * BUDGET)" of AlarmDeliveryBudgetBurningFast).
canary_slo_thresholds() {
  awk '
    /- record: slo:error_budget:ratio/ { record = 1; next }
    record && /expr: vector\(/ { v = $0; sub(/.*vector\(/, "", v); sub(/\).*/, "", v); value = v; next }
    record && /slo: alarm-delivery/ { budget = value; record = 0; next }
    /- (record|alert):/ { record = 0 }
    /- alert: AlarmDeliveryBudgetBurningFast/ { alert = 1; next }
    alert && /expr:/ { r = $0; sub(/^[^>]*> \(/, "", r); sub(/ .*/, "", r); burn = r; alert = 0 }
    END { if (budget == "" || burn == "") exit 1; print budget, burn }
  ' "$CANARY_RULES"
}

# One api host's /metrics as the sums the gate needs (canary_parse). Fails when the host does not answer.
canary_scrape() {
  local text
  text="$(curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" 2>/dev/null)" || return 1
  canary_parse <<<"$text"
}

# Prometheus' text format (on stdin) as the sums the gate needs, "key value" a line: the watchdog's deliveries
# (count, sum), its probes by outcome and its degraded gauge (the highest), whether any watchdog series is there,
# and the wards' alarm pushes (count, sum, those within 1 s: le="1000", or "1000.0" as OpenMetrics writes it),
# each summed over every other label.
canary_parse() {
  awk '
    BEGIN { split("wd_present wd_count wd_sum wd_degraded wd_arrived wd_late wd_missing al_count al_sum al_within", keys, " ")
            for (k in keys) s[keys[k]] = 0 }
    /^#/ || NF < 2 { next }
    {
      line = $0; labels = ""
      brace = index(line, "{")
      if (brace > 0 && brace < index(line, " ")) {
        name = substr(line, 1, brace - 1); closing = index(line, "}")
        labels = substr(line, brace + 1, closing - brace - 1); rest = substr(line, closing + 1)
      } else {
        name = $1; rest = substr(line, length($1) + 1)
      }
      split(rest, f, " "); v = f[1] + 0
      within = labels ~ /(^|,)le="1000(\.0)?"/
      if (name ~ /^monitoring_watchdog_/) s["wd_present"] = 1
      if (name == "monitoring_watchdog_delivery_milliseconds_count") s["wd_count"] += v
      else if (name == "monitoring_watchdog_delivery_milliseconds_sum") s["wd_sum"] += v
      else if (name == "monitoring_watchdog_degraded" && v > s["wd_degraded"]) s["wd_degraded"] = v
      else if (name == "monitoring_watchdog_probes_total") {
        if (labels ~ /outcome="arrived"/) s["wd_arrived"] += v
        else if (labels ~ /outcome="late"/) s["wd_late"] += v
        else if (labels ~ /outcome="missing"/) s["wd_missing"] += v
      }
      else if (name == "monitoring_alarm_latency_milliseconds_count") s["al_count"] += v
      else if (name == "monitoring_alarm_latency_milliseconds_sum") s["al_sum"] += v
      else if (name == "monitoring_alarm_latency_milliseconds_bucket" && within) s["al_within"] += v
    }
    END { for (k in keys) print keys[k], s[keys[k]] }
  '
}

# An api host's readiness in one word: Healthy, Degraded, Unhealthy, or "not answering".
canary_readiness() {
  local body
  body="$(curl -sS --max-time 5 "http://127.0.0.1:$1/healthz/ready" 2>/dev/null)" || { echo "not answering"; return; }
  case "$body" in Healthy | Degraded | Unhealthy) echo "$body" ;; *) echo "answering '${body:0:40}'" ;; esac
}

# canary_window LABEL SECONDS [PROCESS]: watches every api host for SECONDS (PROCESS, if given, must stay up),
# prints the figures of the window, and answers 0 when the alarm path is no worse than the baseline (the
# baseline itself: when it is healthy), 1 with CANARY_REASONS when it is. With no baseline yet, this is
# the baseline, and sets CANARY_BASELINE_MS.
canary_window() {
  local label=$1 seconds=$2 process=${3:-} j port state deadline
  # shellcheck disable=SC2034 # read by canary_judge through a name reference
  local -a start=() last=() ready=()
  CANARY_REASONS=""
  for j in "${!API_PORTS[@]}"; do
    start[j]="$(canary_scrape "${API_PORTS[j]}")" || start[j]=""
    last[j]="${start[j]}" ready[j]=""
  done
  deadline=$((SECONDS + seconds))
  while :; do
    if [ -n "$process" ] && ! alive "$(pid_of "$process")"; then
      CANARY_REASONS+="$process stopped during the window; see its log"$'\n'
    fi
    for j in "${!API_PORTS[@]}"; do
      port="${API_PORTS[j]}"
      state="$(canary_readiness "$port")"
      [ "$state" = Healthy ] || CANARY_REASONS+="api-$((j + 1)) readiness: $state"$'\n'
      # shellcheck disable=SC2034 # read by canary_judge through a name reference
      ready[j]="$state"
      if last[j]="$(canary_scrape "$port")"; then
        [ "$(canary_value "${last[j]}" wd_degraded)" = 0 ] || CANARY_REASONS+="api-$((j + 1)): the watchdog says degraded (monitoring_watchdog_degraded 1)"$'\n'
      else
        last[j]="" && CANARY_REASONS+="api-$((j + 1)): /metrics does not answer"$'\n'
      fi
    done
    # The first look that finds the path worse ends the window: the roll stops at once.
    [ -n "$CANARY_REASONS" ] && break
    [ "$SECONDS" -ge "$deadline" ] && break
    sleep 1
  done
  canary_judge "$label" start last ready
}

# canary_settled SECONDS: waits until every api host's readiness is Healthy (a silo's replacement can leave a
# watchdog degraded until Watchdog:ClearAfter probes are on time again), at most SECONDS; fails if not by then.
canary_settled() {
  local deadline=$((SECONDS + $1)) j healthy
  while :; do
    healthy=1
    for j in "${!API_PORTS[@]}"; do
      [ "$(canary_readiness "${API_PORTS[j]}")" = Healthy ] || healthy=0
    done
    [ "$healthy" = 1 ] && return 0
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 1
  done
}

canary_value() { awk -v k="$2" '$1 == k { print $2; exit }' <<<"$1"; }

# Figures of the window per host and over all hosts, compared with the baseline and the SLO; appends its
# reasons to CANARY_REASONS. Counters that went down (the host was started again) count from zero.
canary_judge() {
  local label=$1 j input="" figures verdict
  local -n from=$2 to=$3 states=$4
  for j in "${!API_PORTS[@]}"; do
    input+="host api-$((j + 1)) ${states[j]:-unknown}"$'\n'
    input+="$(sed 's/^/from /' <<<"${from[j]}")"$'\n'"$(sed 's/^/to /' <<<"${to[j]}")"$'\n'
  done
  figures="$(awk -v baseline="$CANARY_BASELINE_MS" -v factor="$CANARY_FACTOR" -v margin="$CANARY_MARGIN_MS" \
    -v budget="$CANARY_BUDGET" -v burn="$CANARY_BURN" -v measured="$CANARY_BASELINE_OF" -v judging="$([ -n "$CANARY_BASELINE_OF" ] && echo 1)" '
    function flush(   key, d, mean) {
      if (host == "") return
      for (key in b) {
        d = b[key] - a[key]
        if (key ~ /count$/ && d < 0) restarted = 1
      }
      for (key in b) win[key] = restarted ? b[key] : b[key] - a[key]
      line = "    " host ": ready " state
      if (win["wd_count"] > 0 || win["wd_missing"] > 0 || present) {
        mean = win["wd_count"] > 0 ? win["wd_sum"] / win["wd_count"] : -1
        probes = win["wd_arrived"] + win["wd_late"] + win["wd_missing"]
        line = line sprintf(", watchdog probes %d on time, %d late, %d missing", win["wd_arrived"], win["wd_late"], win["wd_missing"])
        if (probes > 0) line = line sprintf(" (on time %.0f%%)", 100 * win["wd_arrived"] / probes)
        if (mean >= 0) line = line sprintf(", delivery mean %.0f ms over %d", mean, win["wd_count"])
        if (mean >= 0 && judging && baseline != "" && mean > limit) reasons = reasons sprintf("%s: mean watchdog delivery %.0f ms is over the limit of %.0f ms (baseline %.0f ms)\n", host, mean, limit, baseline)
        if (win["wd_missing"] > 0) reasons = reasons sprintf("%s: %d watchdog alarm(s) never arrived\n", host, win["wd_missing"])
        all["wd_count"] += win["wd_count"]; all["wd_sum"] += win["wd_sum"]
      } else if (win["al_count"] > 0) {
        mean = win["al_sum"] / win["al_count"]
        line = line sprintf(", no watchdog; alarm pushes %d (%d within 1 s), mean %.0f ms", win["al_count"], win["al_within"], mean)
        if (judging && baseline != "" && mean > limit) reasons = reasons sprintf("%s: mean alarm push %.0f ms is over the limit of %.0f ms (baseline %.0f ms)\n", host, mean, limit, baseline)
      } else {
        line = line ", no watchdog and no alarm pushes in the window"
      }
      if (!present && judging && measured == "watchdog") reasons = reasons sprintf("%s exports no watchdog series, which the baseline had: the alarm path is no longer watched\n", host)
      all["al_count"] += win["al_count"]; all["al_sum"] += win["al_sum"]; all["al_within"] += win["al_within"]
      print line
      host = ""; present = 0; restarted = 0; delete a; delete b; delete win
    }
    BEGIN { limit = baseline * factor; if (baseline + margin > limit) limit = baseline + margin }
    $1 == "host" { flush(); host = $2; state = $3; for (i = 4; i <= NF; i++) state = state " " $i; next }
    $1 == "from" { a[$2] = $3 + 0; next }
    $1 == "to" { b[$2] = $3 + 0; if ($2 == "wd_present" && $3 == 1) present = 1; next }
    END {
      flush()
      threshold = burn * budget
      if (all["al_count"] > 0) {
        late = (all["al_count"] - all["al_within"]) / all["al_count"]
        printf "    alarm-delivery SLO: %d of %d alarm pushes over 1 s in the window (%.1f%%); the fast-burn page threshold is %s × %s = %.1f%%\n", all["al_count"] - all["al_within"], all["al_count"], 100 * late, burn, budget, 100 * threshold
        if (late > threshold) reasons = reasons sprintf("the alarm-delivery SLO burns at the paging rate: %.1f%% of alarm pushes over 1 s (threshold %.1f%%)\n", 100 * late, 100 * threshold)
      } else {
        print "    alarm-delivery SLO: no alarm pushes in the window"
      }
      if (all["wd_count"] > 0) {
        printf "measured watchdog %.1f\n", all["wd_sum"] / all["wd_count"]
      } else if (all["al_count"] > 0) {
        printf "measured pushes %.1f\n", all["al_sum"] / all["al_count"]
      }
      printf "%s", reasons
    }
  ' <<<"$input")"
  grep '^    ' <<<"$figures" || true
  if [ -z "$CANARY_BASELINE_OF" ]; then
    verdict="$(awk '$1 == "measured" { print $2, $3 }' <<<"$figures")"
    if [ -n "$verdict" ]; then
      CANARY_BASELINE_OF="${verdict% *}" CANARY_BASELINE_MS="${verdict#* }"
      say "Baseline ($label): mean $([ "$CANARY_BASELINE_OF" = watchdog ] && echo "watchdog delivery" || echo "alarm push") ${CANARY_BASELINE_MS} ms"
    else
      CANARY_BASELINE_OF="readiness only"
      say "Baseline ($label): nothing to time the alarm path by (no watchdog series, no alarm pushes); the gate judges readiness only"
    fi
  fi
  CANARY_REASONS+="$(grep -v '^    \|^measured ' <<<"$figures" || true)"
  CANARY_REASONS="$(sed '/^$/d' <<<"$CANARY_REASONS" | sort -u)"
  [ -z "$CANARY_REASONS" ]
}
