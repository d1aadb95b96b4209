namespace Monitoring.Simulator;

/// <summary>
/// A septic, hypoxic decline: the bed's vitals move linearly from baseline to <see cref="Target"/> over the ramp
/// and stay there.
/// </summary>
public sealed class SepsisScenario(TimeSpan ramp) : BedScenario
{
    /// <summary>
    /// Where a septic bed ends up; chosen so that, even with noise, it stays beyond the default alarm limits
    /// (HR &gt; 130, SpO2 &lt; 90, RR &gt; 25, SBP &lt; 90).
    /// </summary>
    public static VitalSignsBaseline Target { get; } = new(
        HeartRate: 135, SpO2: 86, RespiratoryRate: 28, Systolic: 85, Temperature: 38.9);

    public TimeSpan Ramp { get; } = ramp;

    public override ScenarioKind Kind => ScenarioKind.Sepsis;

    public override VitalSignsBaseline Shape(VitalSignsBaseline baseline, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline.Toward(Target, Progress(elapsed, TimeSpan.Zero, Ramp));
    }
}
