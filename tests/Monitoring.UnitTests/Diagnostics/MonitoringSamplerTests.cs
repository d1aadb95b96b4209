using System.Diagnostics;
using Monitoring.Telemetry;
using OpenTelemetry.Trace;

namespace Monitoring.UnitTests.Diagnostics;

/// <summary>A share of traces is recorded, decided once where the trace begins; an alarm's spans always are.</summary>
public sealed class MonitoringSamplerTests
{
    private static readonly ActivityContext Unsampled = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
    private static readonly ActivityContext Sampled = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    [Theory]
    [InlineData(MonitoringTelemetry.AlarmSpan)]
    [InlineData(MonitoringTelemetry.PushSpan)]
    public void An_alarms_span_is_recorded_even_in_a_trace_nobody_chose(string name)
    {
        var sampler = new MonitoringSampler(0);

        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, Unsampled, name));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, default, name));
    }

    [Fact]
    public void Other_spans_follow_the_decision_made_where_their_trace_began()
    {
        var none = new MonitoringSampler(0);
        var all = new MonitoringSampler(1);

        Assert.Equal(SamplingDecision.Drop, Decide(none, default, "POST /api/v1/devices/{deviceId}/readings"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(all, default, "POST /api/v1/devices/{deviceId}/readings"));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(none, Sampled, "Monitoring.Patients.IPatientGrain/Record"));
        Assert.Equal(SamplingDecision.Drop, Decide(all, Unsampled, "Monitoring.Patients.IPatientGrain/Record"));
    }

    [Fact]
    public void A_share_of_new_traces_is_recorded()
    {
        var sampler = new MonitoringSampler(0.25);

        var recorded = Enumerable.Range(0, 4000).Count(_ => Decide(sampler, default, "mllp ORU^R01") == SamplingDecision.RecordAndSample);

        Assert.InRange(recorded, 800, 1200);
    }

    private static SamplingDecision Decide(Sampler sampler, ActivityContext parent, string name) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, ActivityKind.Internal)).Decision;
}
