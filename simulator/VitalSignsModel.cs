namespace Monitoring.Simulator;

/// <summary>
/// Generates one bed's vitals: a baseline plus bounded noise, pulled towards the septic picture if the bed
/// is deteriorating. Each bed owns its seeded <see cref="Random"/>, so output is reproducible whatever the
/// thread scheduling.
/// </summary>
public sealed class VitalSignsModel
{
    private readonly Random _random;
    private readonly DeteriorationScenario? _deterioration;
    private readonly RandomWalk _heartRate = new(step: 1.2, limit: 3);
    private readonly RandomWalk _spO2 = new(step: 0.4, limit: 1.4);
    private readonly RandomWalk _respiratoryRate = new(step: 0.5, limit: 2);
    private readonly RandomWalk _systolic = new(step: 1.5, limit: 3);
    private readonly RandomWalk _diastolic = new(step: 1.0, limit: 2);
    private readonly RandomWalk _temperature = new(step: 0.03, limit: 0.2);

    public VitalSignsModel(int seed, int bed, DeteriorationScenario? deterioration)
    {
        _random = new Random(unchecked((seed * 7919) + bed));
        _deterioration = deterioration;
        Baseline = VitalSignsBaseline.Draw(_random);
    }

    public VitalSignsBaseline Baseline { get; }

    /// <param name="elapsed">Time since this bed started streaming; drives the deterioration ramp.</param>
    public VitalSignsSnapshot Next(TimeSpan elapsed)
    {
        var progress = _deterioration?.ProgressAt(elapsed) ?? 0;
        var target = DeteriorationScenario.Target;
        var systolic = Blend(Baseline.Systolic, target.Systolic, progress) + _systolic.Next(_random);

        return new VitalSignsSnapshot(
            HeartRate: Whole(Blend(Baseline.HeartRate, target.HeartRate, progress) + _heartRate.Next(_random)),
            SpO2: Math.Min(100, Whole(Blend(Baseline.SpO2, target.SpO2, progress) + _spO2.Next(_random))),
            RespiratoryRate: Whole(Blend(Baseline.RespiratoryRate, target.RespiratoryRate, progress) + _respiratoryRate.Next(_random)),
            Systolic: Whole(systolic),
            Diastolic: Whole((systolic * VitalSignsBaseline.DiastolicRatio) + _diastolic.Next(_random)),
            Temperature: Math.Round(
                Blend(Baseline.Temperature, target.Temperature, progress) + _temperature.Next(_random),
                1,
                MidpointRounding.AwayFromZero));
    }

    private static double Blend(double from, double to, double progress) => from + ((to - from) * progress);

    private static int Whole(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
