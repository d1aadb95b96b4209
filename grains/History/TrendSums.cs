using System.Runtime.InteropServices;

namespace Monitoring.History;

/// <summary>
/// Readings summed per patient, sign and period (a minute, ten minutes): lowest, highest, sum, count,
/// and the value measured last. Every figure merges, so sums of parts make the sum of the whole, whether
/// here (ten minutes from their minutes) or in the database (a late batch into a minute already stored).
/// A reading's time is its batch's <c>measured_from</c> plus its offset; periods are aligned to whole
/// multiples since 2000-01-01 UTC, as the partitions and <c>date_bin</c> are.
/// </summary>
public sealed class TrendSums(TimeSpan period)
{
    private readonly long _period = period.Ticks;
    private readonly Dictionary<(string Patient, short Sign, long Starts), Sum> _sums = [];

    /// <summary>The periods summed.</summary>
    public int Count => _sums.Count;

    /// <summary>The start of the earliest period summed.</summary>
    public DateTimeOffset First { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>The start of the latest period summed.</summary>
    public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Adds the plausible readings of one batch row.</summary>
    /// <param name="measuredFrom">The row's <c>measured_from</c> (UTC).</param>
    /// <param name="offsetsMicroseconds">Each reading's time after it; null when all were measured then.</param>
    /// <param name="plausible">Whether each reading is plausible; null (or a null element) when it is.</param>
    public void Add(string patient, DateTime measuredFrom, short[] signs, double[] values, int[]? offsetsMicroseconds, bool?[]? plausible)
    {
        // A row whose arrays disagree (written by hand, say) is summed as far as it has both a sign and a value,
        // as PostgreSQL's unnest would pair them, rather than stalling every later run.
        var readings = Math.Min(signs.Length, values.Length);
        for (var i = 0; i < readings; i++)
        {
            if (plausible is not null && i < plausible.Length && plausible[i] == false)
            {
                continue;
            }

            var offset = offsetsMicroseconds is not null && i < offsetsMicroseconds.Length ? offsetsMicroseconds[i] : 0;
            var at = measuredFrom.Ticks + (offset * TimeSpan.TicksPerMicrosecond);
            Add(patient, signs[i], at, new Sum(values[i], values[i], values[i], 1, values[i], at));
        }
    }

    /// <summary>The same sums over ten minutes.</summary>
    public static TrendSums TenMinutesOf(TrendSums minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var tens = new TrendSums(TimeSpan.FromMinutes(10));
        foreach (var ((patient, sign, starts), sum) in minutes._sums)
        {
            tens.Add(patient, sign, starts, sum);
        }

        return tens;
    }

    /// <summary>The sums as parallel arrays, one element per patient, sign and period.</summary>
    public SumColumns Columns()
    {
        var columns = new SumColumns(_sums.Count);
        var i = 0;
        foreach (var ((patient, sign, starts), sum) in _sums)
        {
            columns.Patients[i] = patient;
            columns.Starts[i] = new DateTime(starts, DateTimeKind.Utc);
            columns.Signs[i] = sign;
            columns.Lows[i] = sum.Low;
            columns.Highs[i] = sum.High;
            columns.Totals[i] = sum.Total;
            columns.Readings[i] = sum.Readings;
            columns.Lasts[i] = sum.Last;
            columns.LastAts[i] = new DateTime(sum.LastAt, DateTimeKind.Utc);
            i++;
        }

        return columns;
    }

    private void Add(string patient, short sign, long at, Sum part)
    {
        var starts = at - (at % _period);
        ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(_sums, (patient, sign, starts), out var exists);
        if (!exists)
        {
            sum = part;
            var start = new DateTimeOffset(starts, TimeSpan.Zero);
            First = start < First ? start : First;
            Last = start > Last ? start : Last;
            return;
        }

        sum = sum.With(part);
    }

    /// <summary>Two sums merge: the last value is the one measured last (of two at the same time, the higher).</summary>
    private readonly record struct Sum(double Low, double High, double Total, int Readings, double Last, long LastAt)
    {
        public Sum With(Sum other) => new(
            Math.Min(Low, other.Low),
            Math.Max(High, other.High),
            Total + other.Total,
            Readings + other.Readings,
            IsLaterThan(other) ? Last : other.Last,
            Math.Max(LastAt, other.LastAt));

        private bool IsLaterThan(Sum other) => LastAt > other.LastAt || (LastAt == other.LastAt && Last >= other.Last);
    }
}

/// <summary><see cref="TrendSums"/> as the columns of the rows they make.</summary>
public sealed class SumColumns(int count)
{
    public string[] Patients { get; } = new string[count];

    public DateTime[] Starts { get; } = new DateTime[count];

    public short[] Signs { get; } = new short[count];

    public double[] Lows { get; } = new double[count];

    public double[] Highs { get; } = new double[count];

    public double[] Totals { get; } = new double[count];

    public int[] Readings { get; } = new int[count];

    public double[] Lasts { get; } = new double[count];

    public DateTime[] LastAts { get; } = new DateTime[count];
}
