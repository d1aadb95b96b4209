// The monitoring system's own technical alarms (monitoring-path-degraded, naming the api host whose alarm path is
// late or broken), shown above the beds on every central station. Read at each (re)join and while not live, then
// kept by the hub's "system-alarm" events. Never a patient's alarm: no bed, no acknowledging.
import { $, el, getJson } from "./common.js";

const byHost = new Map(); // host -> alarm (never "resolved")

const TEXT = {
  "monitoring-path-degraded": (a) => `Monitoring path degraded on ${a.host}: alarms may reach central stations on that server late or not at all. Watch the bedside monitors.`,
};

export async function loadSystemAlarms() {
  try {
    const alarms = await getJson("/api/v1/system/alarms");
    byHost.clear();
    for (const a of alarms) byHost.set(a.host, a);
    render();
  } catch { /* the board's own error banner says when the api cannot be read */ }
}

export function applySystemAlarm(alarm) {
  if (alarm.state === "resolved") byHost.delete(alarm.host);
  else byHost.set(alarm.host, alarm);
  render();
}

function render() {
  const box = $("system-alarms");
  if (!box) return;
  const alarms = [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host));
  box.hidden = alarms.length === 0;
  box.replaceChildren(...alarms.map((a) => el("p", {
    class: "system-alarm", "data-code": a.code, "data-host": a.host, "data-priority": a.priority, title: a.detail,
  }, (TEXT[a.code] ?? ((x) => `${x.code} on ${x.host}`))(a))));
}
