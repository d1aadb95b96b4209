namespace Monitoring.Simulator;

/// <summary>
/// One desaturation episode from the start of streaming: SpO2 falls to about <see cref="LowestSpO2"/> over
/// <see cref="Fall"/>, stays there for <see cref="Hold"/> (well past the 10 s SpO2 alarm delay), then recovers
/// over <see cref="Recovery"/>. Heart rate rises a little in compensation, staying inside its limits.
/// </summary>
public sealed class HypoxiaScenario : BedScenario
{
    public const double LowestSpO2 = 82;
    public const double CompensatoryHeartRateRise = 8;

    public static readonly TimeSpan Fall = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    public override ScenarioKind Kind => ScenarioKind.Hypoxia;

    public override VitalSignsBaseline Shape(VitalSignsBaseline baseline, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var depth = Progress(elapsed, TimeSpan.Zero, Fall) - Progress(elapsed, Fall + Hold, Recovery);
        var target = baseline with
        {
            SpO2 = LowestSpO2,
            HeartRate = baseline.HeartRate + CompensatoryHeartRateRise,
        };
        return baseline.Toward(target, depth);
    }
}
