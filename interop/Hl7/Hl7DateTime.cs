using System.Globalization;

namespace Monitoring.Hl7;

/// <summary>
/// HL7 v2 DTM/TS times: <c>YYYYMMDD[HH[MM[SS[.S{1,4}]]]][+/-ZZZZ]</c>. Year, month and day are required
/// (a time less precise than a day says nothing about a vital sign); a time without a zone is read in the
/// zone the sender is known to use (<see cref="AssumedTimeZone"/>).
/// </summary>
public static class Hl7DateTime
{
    /// <summary>Reads a DTM (or the first component of a TS); a time without a zone is at <paramref name="assumedOffset"/>.</summary>
    public static bool TryParse(string text, TimeSpan assumedOffset, out DateTimeOffset value) =>
        TryParse(text, AssumedTimeZone.FixedOffset(assumedOffset), out value);

    /// <summary>
    /// Reads a DTM (or the first component of a TS). False for anything malformed or impossible (30 February), and
    /// for a time without a zone that <paramref name="assumedZone"/> skips (the hour lost when clocks spring forward).
    /// </summary>
    public static bool TryParse(string text, AssumedTimeZone assumedZone, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(assumedZone);
        value = default;
        var span = text.AsSpan();
        var zoneAt = span.IndexOfAny('+', '-');
        TimeSpan? offset = null;
        if (zoneAt >= 0)
        {
            if (!TryReadOffset(span[zoneAt..], out var written))
            {
                return false;
            }

            offset = written;
            span = span[..zoneAt];
        }

        var fraction = ReadOnlySpan<char>.Empty;
        var dot = span.IndexOf('.');
        if (dot >= 0)
        {
            fraction = span[(dot + 1)..];
            span = span[..dot];
            if (span.Length != 14 || fraction.Length is < 1 or > 4 || !IsDigits(fraction))
            {
                return false;
            }
        }

        if (span.Length is not (8 or 10 or 12 or 14) || !IsDigits(span))
        {
            return false;
        }

        var year = Number(span, 0, 4);
        var month = Number(span, 4, 2);
        var day = Number(span, 6, 2);
        var hour = span.Length >= 10 ? Number(span, 8, 2) : 0;
        var minute = span.Length >= 12 ? Number(span, 10, 2) : 0;
        var second = span.Length >= 14 ? Number(span, 12, 2) : 0;
        if (year is < 1900 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = fraction.IsEmpty ? 0 : Number(fraction, 0, fraction.Length) * TicksPerFractionDigit[fraction.Length];
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        if (offset is null)
        {
            if (!assumedZone.TryGetOffset(local, out var assumed))
            {
                return false;
            }

            offset = assumed;
        }

        value = new DateTimeOffset(local, offset.Value);
        return true;
    }

    /// <summary><c>+HHMM</c> or <c>-HHMM</c>, at most 14 hours from UTC.</summary>
    private static bool TryReadOffset(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = default;
        if (zone.Length != 5 || !IsDigits(zone[1..]))
        {
            return false;
        }

        var hours = Number(zone, 1, 2);
        var minutes = Number(zone, 3, 2);
        if (minutes > 59 || hours * 60 + minutes > 14 * 60)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (zone[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    /// <summary>Ticks in one unit of the last digit of a 1 to 4 digit fraction of a second.</summary>
    private static readonly long[] TicksPerFractionDigit = [0, 1_000_000, 100_000, 10_000, 1_000];

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static int Number(ReadOnlySpan<char> text, int start, int length) =>
        int.Parse(text.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture);
}
