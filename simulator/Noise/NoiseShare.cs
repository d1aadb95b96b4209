namespace Monitoring.Simulator.Noise;

/// <summary>Which beds get noise when only a share of them do (<c>--noise-share</c>): spread evenly along the ward.</summary>
public static class NoiseShare
{
    /// <summary>
    /// Whether <paramref name="bed"/> (from 1) is one of the <paramref name="percent"/> % with noise: bed n is when
    /// the count of noisy beds up to n grows at n, so 50 % is every second bed and 100 % every bed.
    /// </summary>
    public static bool Includes(int bed, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bed, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return (long)bed * percent / 100 > (long)(bed - 1) * percent / 100;
    }

    /// <summary>How many of beds 1 to <paramref name="beds"/> have noise.</summary>
    public static int Count(int beds, int percent) => (int)((long)beds * percent / 100);
}
