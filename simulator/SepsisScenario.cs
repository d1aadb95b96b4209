namespace Monitoring.Simulator;

/// <summary>
/// A septic, hypoxic decline: the bed's vitals move linearly from baseline to <see cref="Target"/> over the ramp.
/// </summary>
public sealed class DeteriorationScenario(TimeSpan ramp)
{
    /// <summary>
    /// Where a deteriorating bed ends up; chosen so that, even with noise, it stays beyond the default alarm limits
    /// (HR &gt; 130, SpO2 &lt; 90, RR &gt; 25, SBP &lt; 90).
    /// </summary>
    public static VitalSignsBaseline Target { get; } = new(
        HeartRate: 135, SpO2: 86, RespiratoryRate: 28, Systolic: 85, Temperature: 38.9);

    public TimeSpan Ramp { get; } = ramp;

    /// <summary>0 at the start of streaming, 1 once the ramp is over.</summary>
    public double ProgressAt(TimeSpan elapsed) =>
        Ramp <= TimeSpan.Zero ? 1 : Math.Clamp(elapsed / Ramp, 0, 1);
}
