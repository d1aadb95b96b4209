using System.Runtime.InteropServices;
using Monitoring.Storage;

namespace Monitoring.History;

/// <summary>Turns the readings of one call into vitals history rows.</summary>
public static class VitalsRows
{
    /// <summary>
    /// The longest time one row covers (<see cref="VitalsHistoryLayout.LongestRowSpan"/>, which readers rely
    /// on); readings measured further apart go to rows of their own. Its offsets fit 32 bits of microseconds.
    /// </summary>
    public static readonly TimeSpan LongestSpan = VitalsHistoryLayout.LongestRowSpan;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>
    /// One row per patient and source, split where the readings span more than <see cref="LongestSpan"/>;
    /// within a row the readings are in time order (ties in the order given).
    /// </summary>
    public static IReadOnlyList<VitalsRow> From(IReadOnlyList<VitalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = new List<VitalsRow>(1);
        foreach (var group in records.GroupBy(r => (r.PatientId, r.Source)))
        {
            var ordered = group.OrderBy(r => r.MeasuredAt).ToArray();
            var start = 0;
            for (var i = 1; i <= ordered.Length; i++)
            {
                if (i == ordered.Length || ordered[i].MeasuredAt - ordered[start].MeasuredAt > LongestSpan)
                {
                    rows.Add(Row(ordered.AsSpan(start, i - start)));
                    start = i;
                }
            }
        }

        return rows;
    }

    private static VitalsRow Row(ReadOnlySpan<VitalRecord> readings)
    {
        var first = readings[0];
        var from = first.MeasuredAt;
        var (codes, values) = (new string[readings.Length], new double[readings.Length]);
        var (offsets, plausible) = (new int[readings.Length], new bool[readings.Length]);
        var (allAtOnce, allPlausible) = (true, true);
        var receivedAt = first.ReceivedAt;
        var digest = FnvOffset;
        for (var i = 0; i < readings.Length; i++)
        {
            var reading = readings[i];
            (codes[i], values[i], plausible[i]) = (reading.Code, reading.Value, reading.Plausible);
            offsets[i] = checked((int)((reading.MeasuredAt - from).Ticks / TimeSpan.TicksPerMicrosecond));
            allAtOnce &= offsets[i] == 0;
            allPlausible &= reading.Plausible;
            receivedAt = reading.ReceivedAt < receivedAt ? reading.ReceivedAt : receivedAt;
            digest = Mix(digest, MemoryMarshal.AsBytes(reading.Code.AsSpan()));
            digest = Mix(digest, BitConverter.DoubleToInt64Bits(reading.Value));
            digest = Mix(digest, offsets[i]);
        }

        return new VitalsRow(
            first.PatientId, first.Source, from, unchecked((long)digest), readings[^1].MeasuredAt, receivedAt,
            codes, values, allAtOnce ? null : offsets, allPlausible ? null : plausible);
    }

    // FNV-1a over the bytes: stable across processes and releases (string.GetHashCode is not).
    private static ulong Mix(ulong digest, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            digest = (digest ^ b) * FnvPrime;
        }

        return (digest ^ 0xFF) * FnvPrime; // a separator, so that "ab"+"c" and "a"+"bc" differ
    }

    private static ulong Mix(ulong digest, long value) => Mix(digest, MemoryMarshal.AsBytes(new ReadOnlySpan<long>(in value)));

    private static ulong Mix(ulong digest, int value) => Mix(digest, MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));
}
