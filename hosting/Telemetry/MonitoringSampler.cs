using OpenTelemetry.Trace;

namespace Monitoring.Telemetry;

/// <summary>
/// Which traces are recorded: a share of them (<see cref="Hosting.TelemetryOptions.TraceSampleRatio"/>,
/// chosen where a trace begins and followed by every process it crosses, so a trace is whole or absent),
/// and always the spans of an alarm (<see cref="MonitoringTelemetry.AlarmSpan"/> in the silo,
/// <see cref="MonitoringTelemetry.PushSpan"/> in the api), whatever was decided for the reading that raised
/// it: an alarm's way to the screens is always on record under its trace id, the one the alarm history
/// keeps (when the reading's own trace was not chosen, the alarm's change begins a trace of its own).
/// A span not recorded costs next to nothing: no tags are read, no processor (redaction) runs.
/// </summary>
public sealed class MonitoringSampler(double ratio) : Sampler
{
    private readonly Sampler _share = new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name is MonitoringTelemetry.AlarmSpan or MonitoringTelemetry.PushSpan
            ? new SamplingResult(SamplingDecision.RecordAndSample)
            : _share.ShouldSample(samplingParameters);
}
