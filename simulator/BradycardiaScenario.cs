namespace Monitoring.Simulator;

/// <summary>
/// Heart rate drops from baseline to about <see cref="TargetHeartRate"/> over <see cref="Fall"/> and stays there;
/// even with noise it stays below the default 40/min limit. Everything else is stable.
/// </summary>
public sealed class BradycardiaScenario : BedScenario
{
    public const double TargetHeartRate = 35;

    public static readonly TimeSpan Fall = TimeSpan.FromSeconds(10);

    public override ScenarioKind Kind => ScenarioKind.Bradycardia;

    public override VitalSignsBaseline Shape(VitalSignsBaseline baseline, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline.Toward(baseline with { HeartRate = TargetHeartRate }, Progress(elapsed, TimeSpan.Zero, Fall));
    }
}
