using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Monitoring.Telemetry;

/// <summary>
/// The system's own traces and metrics (meter and activity source <c>Monitoring</c>), recorded in the
/// silo and the api and exported with OpenTelemetry (OTLP, and Prometheus at <c>/metrics</c>).
/// </summary>
public static class MonitoringTelemetry
{
    public const string Name = "Monitoring";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The span of a change to a patient's alarms in the silo: always recorded (<see cref="MonitoringSampler"/>).</summary>
    public const string AlarmSpan = "monitoring.alarm";

    /// <summary>The span of an alarm's push to the dashboards in an api host: always recorded.</summary>
    public const string PushSpan = "monitoring.push";

    public static readonly Meter Meter = new(Name);

    /// <summary>Readings taken into a patient's picture (after duplicates are dropped).</summary>
    public static readonly Counter<long> ReadingsIngested = Meter.CreateCounter<long>("monitoring.readings.ingested", "{reading}", "Readings taken in");

    /// <summary>Alarms raised, by priority (high, medium, low) and kind.</summary>
    public static readonly Counter<long> AlarmsRaised = Meter.CreateCounter<long>("monitoring.alarms.raised", "{alarm}", "Alarms raised");

    /// <summary>From an alarm being raised in the silo to its push leaving an api host for the dashboards.</summary>
    public static readonly Histogram<double> AlarmLatency = Meter.CreateHistogram<double>(
        "monitoring.alarm.latency", "ms", "From an alarm raised to its push to dashboards",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });

    /// <summary>
    /// The alarm-path watchdog: from its synthetic reading being sent to its alarm arriving at this api host's own hub
    /// client, by <c>host</c> (the same buckets as <see cref="AlarmLatency"/>). Missing alarms are not in it: see <see cref="WatchdogProbes"/>.
    /// </summary>
    public static readonly Histogram<double> WatchdogDelivery = Meter.CreateHistogram<double>(
        "monitoring.watchdog.delivery", "ms", "From the watchdog's reading sent to its alarm at this host's hub client",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });

    /// <summary>The watchdog's probes, by <c>host</c> and <c>outcome</c> (arrived, late, missing).</summary>
    public static readonly Counter<long> WatchdogProbes = Meter.CreateCounter<long>("monitoring.watchdog.probes", "{probe}", "Watchdog probes by outcome");

    /// <summary>A gauge by <c>host</c>: 1 while this api host's watchdog finds its alarm path degraded (late or missing), else 0.</summary>
    public static void ObserveWatchdog(Func<(string Host, bool Degraded)?> status) =>
        Meter.CreateObservableGauge(
            "monitoring.watchdog.degraded",
            () => status() is { } s ? [new Measurement<int>(s.Degraded ? 1 : 0, new KeyValuePair<string, object?>("host", s.Host))] : Array.Empty<Measurement<int>>(),
            "{host}",
            "1 while this host's alarm path is degraded");

    /// <summary>From an alarm being raised to someone acknowledging it.</summary>
    public static readonly Histogram<double> TimeToAcknowledge = Meter.CreateHistogram<double>(
        "monitoring.alarm.time_to_acknowledge", "s", "From an alarm raised to its acknowledgement",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 30, 60, 120, 300, 600, 1800, 3600] });

    /// <summary>Writes to PostgreSQL that failed (and are retried), by what was written.</summary>
    public static readonly Counter<long> AlarmManagerMessages = Meter.CreateCounter<long>(
        "monitoring.alarm_manager.messages", "{message}", "PCD-04 messages to the alarm manager, by outcome: accepted, refused, failed (an attempt round)");

    public static readonly Histogram<double> AlarmManagerDelay = Meter.CreateHistogram<double>(
        "monitoring.alarm_manager.delay", "s", "From an alarm's transition to the alarm manager's answer to its PCD-04 message");

    public static readonly Counter<long> DatabaseFailures = Meter.CreateCounter<long>("monitoring.database.failures", "{failure}", "PostgreSQL writes that failed");

    /// <summary>Writes put off because PostgreSQL was out or stalled (snapshots, alarm history, reminders), by what was written.</summary>
    public static readonly Counter<long> DatabaseWritesDeferred = Meter.CreateCounter<long>("monitoring.database.writes_deferred", "{write}", "PostgreSQL writes put off during an outage");

    /// <summary>Devices' and gateways' WebSocket streams open on this api host, by <c>kind</c> (device, gateway).</summary>
    public static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>("monitoring.streams.open", "{stream}", "Device and gateway reading streams open");

    /// <summary>A gauge: 1 while the silo takes PostgreSQL to be out (its grains do not wait on it), else 0.</summary>
    public static void ObserveDatabaseOutage(Func<bool> isOut) =>
        Meter.CreateObservableGauge("monitoring.database.outage", () => isOut() ? 1 : 0, "{outage}", "1 while PostgreSQL is taken to be out");

    /// <summary>A gauge of a write-behind queue's depth (vitals history, audit trail, alarm history).</summary>
    public static void ObserveQueueDepth(string queue, Func<int> depth) =>
        Meter.CreateObservableGauge("monitoring.writebehind.depth", () => new Measurement<int>(depth(), new KeyValuePair<string, object?>("queue", queue)), "{item}", "Rows waiting to be written");
}
