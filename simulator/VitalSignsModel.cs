using Monitoring.Simulator.Noise;

namespace Monitoring.Simulator;

/// <summary>
/// Generates one bed's vitals: the shape its scenario gives the baseline at that moment, plus bounded noise,
/// plus any artefacts the scenario adds, plus the bed's noise when it has any (<see cref="SignalNoise"/>, with a
/// random stream of its own). Each bed owns its seeded <see cref="Random"/>, so output is reproducible whatever the
/// thread scheduling.
/// </summary>
public sealed class VitalSignsModel
{
    private readonly Random _random;
    private readonly BedScenario _scenario;
    private readonly SignalNoise? _noise;
    private readonly RandomWalk _heartRate = new(step: 1.2, limit: 3);
    private readonly RandomWalk _spO2 = new(step: 0.4, limit: 1.4);
    private readonly RandomWalk _respiratoryRate = new(step: 0.5, limit: 2);
    private readonly RandomWalk _systolic = new(step: 1.5, limit: 3);
    private readonly RandomWalk _diastolic = new(step: 1.0, limit: 2);
    private readonly RandomWalk _temperature = new(step: 0.03, limit: 0.2);

    public VitalSignsModel(int seed, int bed, BedScenario scenario, SignalNoise? noise = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _random = new Random(unchecked((seed * 7919) + bed));
        _scenario = scenario;
        _noise = noise;
        Baseline = VitalSignsBaseline.Draw(_random);
    }

    public VitalSignsBaseline Baseline { get; }

    /// <param name="elapsed">Time since this bed started streaming; drives the scenario's timeline.</param>
    public VitalSignsSnapshot Next(TimeSpan elapsed)
    {
        var shape = _scenario.Shape(Baseline, elapsed);
        var systolic = shape.Systolic + _systolic.Next(_random);

        var sample = new VitalSignsSnapshot(
            HeartRate: Whole(shape.HeartRate + _heartRate.Next(_random)),
            SpO2: Math.Min(100, Whole(shape.SpO2 + _spO2.Next(_random))),
            RespiratoryRate: Whole(shape.RespiratoryRate + _respiratoryRate.Next(_random)),
            Systolic: Whole(systolic),
            Diastolic: Whole((systolic * VitalSignsBaseline.DiastolicRatio) + _diastolic.Next(_random)),
            Temperature: Math.Round(shape.Temperature + _temperature.Next(_random), 1, MidpointRounding.AwayFromZero));
        var disturbed = _scenario.Disturb(sample, _random);
        return _noise is null ? disturbed : _noise.Apply(disturbed);
    }

    private static int Whole(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
