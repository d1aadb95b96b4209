namespace Monitoring.Simulator;

/// <summary>The resting values one patient's vitals wander around (or, for a scenario, drift towards).</summary>
public sealed record VitalSignsBaseline(double HeartRate, double SpO2, double RespiratoryRate, double Systolic, double Temperature)
{
    /// <summary>Diastolic pressure tracks systolic at a typical ratio.</summary>
    public const double DiastolicRatio = 0.62;

    public double Diastolic => Systolic * DiastolicRatio;

    /// <summary>The point <paramref name="progress"/> (0 to 1) of the way from this baseline to <paramref name="target"/>.</summary>
    public VitalSignsBaseline Toward(VitalSignsBaseline target, double progress)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new VitalSignsBaseline(
            Blend(HeartRate, target.HeartRate, progress),
            Blend(SpO2, target.SpO2, progress),
            Blend(RespiratoryRate, target.RespiratoryRate, progress),
            Blend(Systolic, target.Systolic, progress),
            Blend(Temperature, target.Temperature, progress));
    }

    /// <summary>Draws a healthy adult baseline.</summary>
    public static VitalSignsBaseline Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new VitalSignsBaseline(
            HeartRate: Between(random, 60, 95),
            SpO2: Between(random, 95, 99),
            RespiratoryRate: Between(random, 12, 18),
            Systolic: Between(random, 110, 135),
            Temperature: Between(random, 36.4, 37.3));
    }

    private static double Blend(double from, double to, double progress) => from + ((to - from) * progress);

    private static double Between(Random random, double min, double max) => min + (random.NextDouble() * (max - min));
}
