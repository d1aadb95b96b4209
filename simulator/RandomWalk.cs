namespace Monitoring.Simulator;

/// <summary>
/// Mean-reverting noise around zero, bounded so a value never wanders far from where the model puts it.
/// </summary>
public sealed class RandomWalk(double step, double limit)
{
    private const double Reversion = 0.85;

    public double Offset { get; private set; }

    public double Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Offset = Math.Clamp((Offset * Reversion) + (NextGaussian(random) * step), -limit, limit);
        return Offset;
    }

    private static double NextGaussian(Random random)
    {
        // Box-Muller; 1 - NextDouble() keeps the logarithm away from zero.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
