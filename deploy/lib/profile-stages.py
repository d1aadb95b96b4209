"""Shares of a dotnet-trace thread-time sample (speedscope JSON) by stage of the silo's hot path.

Each sample of a thread in managed code (CPU_TIME) is given to the nearest frame on its stack that one of
the stages below names (leaf first): what a stage's own code, and the library code it called, cost.
Threads spinning for work count as running; native time (GC work, TLS, the kernel) is not seen.

    python3 profile-stages.py [--api] TRACE.speedscope.json [ANOTHER.speedscope.json]

With --api, the stages are those of an api host's ingest path.
"""
import json, collections, re, sys
CATS = [
 ('thread pool waiting for work (spinning)', r'LowLevelLifoSemaphore\.Wait|LowLevelSpinWaiter|WaitForSignal|SpinWait'),
 ('GC (threads stopped for a collection)', r'PollGC'),
 ('telemetry: spans, redaction, metrics', r'System\.Diagnostics\.Activity|OpenTelemetry|Redact|DiagnosticSource|ActivityPropagation|Metrics\.'),
 ('logging', r'Microsoft\.Extensions\.Logging|LoggerMessage'),
 ('serialization (Orleans codecs, copies)', r'Orleans\.Serialization|OrleansCodeGen|Codec|Copier'),
 ('alarm evaluation', r'AlarmEngine|VitalConditions|AlarmRule|AlarmLimit|ConditionTracker|AlarmBook|PatientMonitor\.(?!News2)'),
 ('NEWS2', r'News2'),
 ('history queue (the silo\'s hand-off)', r'PostgresVitalsHistory\.TryAppend|VitalsRows|VitalsRow\b'),
 ('history writer (group commit, COPY)', r'PostgresVitalsHistory|VitalsBatchCopy|TimePartitions|VitalSignIds|MinuteRollup|TrendSums'),
 ('snapshots', r'SnapshotWriter|SaveOrDefer|Orleans\.Persistence|AdoNet|BoundedWrite'),
 ('push to the api hosts', r'PatientPush|PushOutbox|MonitoringPush'),
 ('patient grain (the rest)', r'Monitoring\.Patients\.|Monitoring\.Grains!'),
 ('device grain', r'DeviceGrain'),
 ('Npgsql (other)', r'Npgsql'),
 ('network and TLS', r'SslStream|Socket|System\.IO\.Pipelines|Orleans\.Runtime\.Messaging|Orleans\.Networking|Connection\+'),
 ('Orleans runtime (scheduling, calls)', r'Orleans\.'),
]
API = [
 ('thread pool waiting for work (spinning)', r'LowLevelLifoSemaphore\.Wait|LowLevelSpinWaiter|WaitForSignal|SpinWait'),
 ('GC (threads stopped for a collection)', r'PollGC'),
 ('telemetry: spans, redaction, metrics', r'System\.Diagnostics\.Activity|OpenTelemetry|Redact|DiagnosticSource|ActivityPropagation|Metrics\.|HostingApplicationDiagnostics'),
 ('logging', r'Microsoft\.Extensions\.Logging|LoggerMessage'),
 ('token validation', r'IdentityModel|JsonWebToken|JwtBearer|Authentication|Claims'),
 ('rate limiting', r'RateLimit'),
 ('audit', r'Monitoring\.Api\.Audit|AuditTrail|AuditTally'),
 ('reading the batch (JSON)', r'System\.Text\.Json|ReadingBatch|Ingestion|ReadingBodies|JsonDocument'),
 ('serialization (Orleans codecs, copies)', r'Orleans\.Serialization|OrleansCodeGen|Codec|Copier'),
 ('push to SignalR', r'SignalR|Monitoring\.Api\.Push'),
 ('MLLP and HL7', r'Mllp|Hl7'),
 ('our endpoints (the rest)', r'Monitoring\.'),
 ('Orleans client (calls, messaging)', r'Orleans\.'),
 ('Kestrel, HTTP, routing', r'Microsoft\.AspNetCore'),
 ('network and TLS', r'SslStream|Socket|System\.IO\.Pipelines|System\.Net\.'),
]
if sys.argv[1] == '--api':
    CATS = API
    sys.argv.pop(1)
cats = [(n, re.compile(r)) for n, r in CATS]
def run(path):
    d = json.load(open(path))
    frames = [f['name'] for f in d['shared']['frames']]
    fcat = {}
    def cat_of(i):
        if i not in fcat:
            fcat[i] = next((n for n, r in cats if r.search(frames[i])), None)
        return fcat[i]
    res = collections.Counter(); total = 0
    for p in d['profiles']:
        stack = []; last = None
        for e in p['events']:
            at = e['at']
            if last is not None and stack and frames[stack[-1]] == 'CPU_TIME':
                w = at - last; total += w
                c = next((cat_of(i) for i in reversed(stack) if cat_of(i)), 'other (runtime, thread pool, async machinery)')
                res[c] += w
            last = at
            if e['type'] == 'O': stack.append(e['frame'])
            else:
                if stack and stack[-1] == e['frame']: stack.pop()
                elif e['frame'] in stack:
                    while stack and stack.pop() != e['frame']: pass
    return res, total
r1, t1 = run(sys.argv[1])
r2, t2 = run(sys.argv[2]) if len(sys.argv) > 2 else (None, None)
names = [n for n, _ in CATS] + ['other (runtime, thread pool, async machinery)']
print(f'managed samples: {t1/1000:.1f} s' + (f' / {t2/1000:.1f} s' if t2 else ''))
for n in sorted(names, key=lambda n: -r1[n]):
    print(f'| {n} | {r1[n]/t1:.1%} |' + (f' {r2[n]/t2:.1%} |' if t2 else ''))
