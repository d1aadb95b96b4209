using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Api.Limits;

namespace Monitoring.Api.Replay;

/// <summary>Reads and checks an <see cref="AlarmReplayRequest"/>, naming every field at fault.</summary>
public static class AlarmReplayRequests
{
    /// <summary>The longest period a replay covers: a week of a unit's history.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(7);

    public const double DefaultFlagDelaySeconds = 10;
    public const double MaxFlagDelaySeconds = 300;

    private static readonly string[] Fields = ["from", "to", "limits", "patientId", "flagDelaySeconds"];

    /// <summary>The period, the optional patient and the flag delay; or a 400 naming each field at fault. The limits are read by <see cref="Proposal"/>.</summary>
    public static (Period? Period, string? PatientId, TimeSpan FlagDelay, JsonElement Limits, IResult? Problem) Read(JsonElement body, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        foreach (var member in body.EnumerateObject().Where(m => !Fields.Contains(m.Name, StringComparer.Ordinal)))
        {
            errors.Add(member.Name, $"'{member.Name}' is not a field of a replay request; the fields are {string.Join(", ", Fields)}.");
        }

        var from = Instant(body, "from", errors);
        var to = Instant(body, "to", errors);
        if (from is { } start && to is { } end)
        {
            if (end <= start)
            {
                errors.Add("to", "'to' must be after 'from'.");
            }
            else if (end - start > MaxPeriod)
            {
                errors.Add("to", $"A replay covers at most {MaxPeriod.TotalDays:0} days: 'to' must be at most 7 days after 'from'.");
            }

            if (end > now)
            {
                errors.Add("to", "'to' is in the future: the stored history ends now.");
            }
        }

        string? patientId = null;
        if (body.TryGetProperty("patientId", out var patient) && patient.ValueKind != JsonValueKind.Null)
        {
            patientId = patient.ValueKind == JsonValueKind.String ? patient.GetString() : null;
            if (!Identifiers.IsValid(patientId))
            {
                errors.Add("patientId", "'patientId' must be a patient identifier (letters, digits, '-', '_', '.').");
            }
        }

        var flagDelay = DefaultFlagDelaySeconds;
        if (body.TryGetProperty("flagDelaySeconds", out var delay) && delay.ValueKind != JsonValueKind.Null
            && !(delay.TryGetDouble(out flagDelay) && flagDelay >= 0 && flagDelay <= MaxFlagDelaySeconds))
        {
            errors.Add("flagDelaySeconds", $"'flagDelaySeconds' must be a number of seconds from 0 to {MaxFlagDelaySeconds}.");
        }

        if (!body.TryGetProperty("limits", out var limits) || limits.ValueKind != JsonValueKind.Object)
        {
            errors.Add("limits", "'limits' must be an object of limits per vital sign, as PUT .../limits takes ({} replays the rules in force).");
        }

        return errors.Any
            ? (null, null, default, default, errors.AsProblem())
            : (new Period(from!.Value, to!.Value), patientId, TimeSpan.FromSeconds(flagDelay), limits, null);
    }

    /// <summary>
    /// The proposal laid over <paramref name="rulesInForce"/>, as the whole rule of every vital: what the replay runs
    /// and what applying it sets, so that it means the same whatever else changed in between. Or a 400 naming the field.
    /// </summary>
    public static (ImmutableArray<AlarmRuleOverride> Proposal, IResult? Problem) Proposal(JsonElement limits, ImmutableArray<AlarmRule> rulesInForce)
    {
        var (overrides, problem) = AlarmRulesJson.Parse(limits, rulesInForce);
        return problem is not null ? ([], problem) : ([.. AlarmRuleSet.Apply(rulesInForce, overrides).Select(Whole)], null);
    }

    /// <summary>A rule as an override that sets every part of it.</summary>
    public static AlarmRuleOverride Whole(AlarmRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Sign, rule.Low, rule.High, rule.LowPriority, rule.HighPriority, rule.ConditionDelay, rule.Hysteresis,
            [.. rule.TiersOn(LimitSide.Low)], [.. rule.TiersOn(LimitSide.High)]);
    }

    private static DateTimeOffset? Instant(JsonElement body, string field, FieldErrors errors)
    {
        if (body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && IsoInstant.TryParse(value.GetString(), out var instant))
        {
            return instant;
        }

        errors.Add(field, $"'{field}' must be an ISO 8601 date and time with its offset, e.g. 2026-12-01T08:00:00Z.");
        return null;
    }

    /// <summary>A period of stored history, from inclusive, to exclusive.</summary>
    public sealed record Period(DateTimeOffset From, DateTimeOffset To);
}
