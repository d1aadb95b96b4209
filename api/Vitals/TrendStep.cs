namespace Monitoring.Api.Vitals;

/// <summary>
/// How many minutes one point of a trend covers: the fewest from a fixed ladder that keep a range within
/// <see cref="MaxPointsPerSign"/> points per sign. A day is every minute; seven days are ten-minute
/// points, a month half-hours. More points than that add nothing a chart a few hundred pixels wide can
/// show, and one answer then always holds the whole range, the newest minutes included.
/// </summary>
public static class TrendStep
{
    /// <summary>A day of minutes.</summary>
    public const int MaxPointsPerSign = 1_440;

    /// <summary>
    /// Steps that divide a day (or are a day), so that points start at the same times whatever the range;
    /// past a minute, multiples of ten, so that the ten-minute aggregates serve every range over a day.
    /// </summary>
    private static readonly int[] Ladder = [1, 10, 30, 60, 120, 240, 480, 720, 1_440];

    /// <summary>The minutes per point for a range from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static int MinutesPerPoint(DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = Math.Max(0, (to - from).TotalMinutes);
        foreach (var step in Ladder)
        {
            if (minutes / step <= MaxPointsPerSign)
            {
                return step;
            }
        }

        // Past four years a point a day is still within what an answer holds for a sign (rows are limited).
        return Ladder[^1];
    }
}
