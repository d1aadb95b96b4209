using System.Globalization;
using System.Text.RegularExpressions;
using Monitoring.Api.Http;

namespace Monitoring.Api.Analytics;

/// <summary>
/// The period and window an analytics request asks for, checked: <c>from</c> and <c>to</c> ISO 8601 times with
/// an offset, <c>to</c> after <c>from</c>, at most <see cref="MaxLength"/> apart (the last
/// <see cref="DefaultLength"/> by default); <c>selfResolvedSeconds</c> a whole number of seconds within bounds.
/// </summary>
public sealed partial record AnalyticsPeriod(DateTimeOffset From, DateTimeOffset To, int SelfResolvedSeconds)
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);
    public const int DefaultSelfResolvedSeconds = 120;
    public const int MinSelfResolvedSeconds = 10;
    public const int MaxSelfResolvedSeconds = 3600;

    /// <summary>The period asked for, or null with every field at fault recorded in <paramref name="errors"/>.</summary>
    public static AnalyticsPeriod? Parse(string? from, string? to, string? selfResolvedSeconds, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var until = Time(to, "to", errors);
        var since = Time(from, "from", errors);
        var window = DefaultSelfResolvedSeconds;
        if (selfResolvedSeconds is not null
            && (!int.TryParse(selfResolvedSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < MinSelfResolvedSeconds or > MaxSelfResolvedSeconds))
        {
            errors.Add("selfResolvedSeconds", $"'selfResolvedSeconds' is a whole number of seconds from {MinSelfResolvedSeconds} to {MaxSelfResolvedSeconds}.");
        }

        if (errors.Any)
        {
            return null;
        }

        var end = until ?? (since is { } start ? Min(start + DefaultLength, now) : now);
        var begin = since ?? end - DefaultLength;
        if (end <= begin)
        {
            errors.Add(to is null ? "from" : "to", to is null ? "'from' must be before now when 'to' is not given." : "'to' must be after 'from'.");
        }
        else if (end - begin > MaxLength)
        {
            errors.Add(to is null ? "from" : "to", $"The period from 'from' to 'to' is at most {MaxLength.TotalDays:0} days; ask for a shorter one.");
        }

        return errors.Any ? null : new AnalyticsPeriod(Microseconds(begin), Microseconds(end), window);
    }

    /// <summary>To PostgreSQL's precision, so that the days it bins from 'from' are the days counted here.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % 10));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset? Time(string? text, string name, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (IsoInstant.TryParse(text, out var at))
        {
            return at;
        }

        errors.Add(name, $"'{name}' must be an ISO 8601 time with its offset, e.g. 2026-12-01T00:00:00Z or 2026-12-01T00:00:00+01:00 (in a query string '+' is sent as %2B).");
        return null;
    }
}
