using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Fhir;

/// <summary>
/// One <c>date</c> search parameter (FHIR R4 search, "date" type) as the range of times it lets through,
/// <c>[From, Until)</c>: a value is the range its precision implies (<c>2026-12-07</c> is that whole UTC day),
/// and the prefix says what part of time matches: <c>eq</c> (the default) within it, <c>ge</c> from its
/// start, <c>gt</c> after its end, <c>le</c> until its end, <c>lt</c> before its start. An Observation's
/// effectiveDateTime here is an instant, so these are exact. A time without a zone is taken as UTC. Other
/// prefixes (<c>ne sa eb ap</c>) are refused, as the CapabilityStatement says.
/// </summary>
public static partial class FhirDateSearch
{
    public static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The range, or null with <paramref name="problem"/> saying what is wrong with <paramref name="text"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until)? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        // A prefix is two letters before the value's first digit (FHIR R4 search, 3.1.1.4.6).
        var prefixed = text.Length > 2 && char.IsAsciiLetterLower(text[0]) && char.IsAsciiLetterLower(text[1]) && char.IsAsciiDigit(text[2]);
        var (prefix, value) = prefixed ? (text[..2], text[2..]) : ("eq", text);
        if (prefix is not ("eq" or "ge" or "gt" or "le" or "lt"))
        {
            problem = $"date prefix '{prefix}' is not supported here; use eq, ge, gt, le or lt (e.g. date=ge2026-12-07T10:00:00Z).";
            return null;
        }

        if (Range(value) is not { } range)
        {
            problem = $"'{value}' is not a FHIR date or dateTime (e.g. 2026-12-07, 2026-12-07T10:00:00Z, 2026-12-07T10:00:00.250+01:00).";
            return null;
        }

        return prefix switch
        {
            "ge" => (range.Start, Latest),
            "gt" => (range.End, Latest),
            "le" => (Earliest, range.End),
            "lt" => (Earliest, range.Start),
            _ => range,
        };
    }

    /// <summary>The time a value stands for: from its start to the start of the next one at its precision.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End)? Range(string value)
    {
        var match = DateValue().Match(value);
        if (!match.Success)
        {
            return null;
        }

        int Part(string name, int otherwise) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : otherwise;
        var offset = match.Groups["zone"].Value switch
        {
            "" or "Z" => TimeSpan.Zero,
            var zone => new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[4..6], CultureInfo.InvariantCulture), 0) * (zone[0] == '-' ? -1 : 1),
        };
        try
        {
            var start = new DateTimeOffset(Part("year", 1), Part("month", 1), Part("day", 1), Part("hour", 0), Part("minute", 0), Part("second", 0), offset);
            if (match.Groups["fraction"].Success)
            {
                var digits = match.Groups["fraction"].Value;
                var ticks = long.Parse(digits.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
                var step = (long)Math.Pow(10, 7 - Math.Min(digits.Length, 7));
                return (start.AddTicks(ticks), start.AddTicks(ticks + step));
            }

            var end = match.Groups["second"].Success ? start.AddSeconds(1)
                : match.Groups["minute"].Success ? start.AddMinutes(1)
                : match.Groups["day"].Success ? start.AddDays(1)
                : match.Groups["month"].Success ? start.AddMonths(1)
                : start.AddYears(1);
            return (start, end);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<month>\d{2})(-(?<day>\d{2})(T(?<hour>\d{2}):(?<minute>\d{2})(:(?<second>\d{2})(\.(?<fraction>\d{1,9}))?)?(?<zone>Z|[+-]\d{2}:\d{2})?)?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateValue();
}
