using System.Globalization;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;

namespace Monitoring.Api.Limits;

/// <summary>
/// The fields a limit is made of (a number, a priority word, a condition delay), read from the JSON of a
/// rule or of a tier; a bad one is recorded under its path (<c>spo2.lowTiers[0].limit</c>). An absent or
/// null field reads as null: it keeps what the rule below says.
/// </summary>
public static class AlarmLimitFields
{
    public const double MaxConditionDelaySeconds = 300;

    public static double? Number(JsonElement json, string name, string path, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add($"{path}.{name}", $"'{name}' must be a number.");
            return null;
        }

        return number;
    }

    public static AlarmPriority? Priority(JsonElement json, string name, string path, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && AlarmWords.TryParse<AlarmPriority>(value.GetString(), out var priority))
        {
            return priority;
        }

        errors.Add($"{path}.{name}", $"'{name}' must be \"high\", \"medium\" or \"low\".");
        return null;
    }

    /// <summary><c>conditionDelaySeconds</c>: from 0 to 300 s.</summary>
    public static TimeSpan? ConditionDelay(JsonElement json, string path, FieldErrors errors)
    {
        const string name = "conditionDelaySeconds";
        var seconds = Number(json, name, path, errors);
        if (seconds is < 0 or > MaxConditionDelaySeconds)
        {
            errors.Add($"{path}.{name}", $"Must be from 0 to {MaxConditionDelaySeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
            return null;
        }

        return seconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }
}
