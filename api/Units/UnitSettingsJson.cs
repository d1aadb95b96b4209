using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;

namespace Monitoring.Api.Units;

/// <summary>
/// A unit's escalation settings as JSON: <c>{"escalationWindowSeconds":30,"escalateMedium":false,
/// "reAlarmAfterSeconds":120,"news2ConditionDelaySeconds":0}</c>; fields left out stay as they are.
/// </summary>
public static class UnitSettingsJson
{
    public static (UnitPolicyChange? Change, IResult? Problem) Parse(JsonElement body)
    {
        var errors = new FieldErrors();
        JsonFields.RefuseUnknown(body, errors, "escalationWindowSeconds", "escalateMedium", "reAlarmAfterSeconds", "news2ConditionDelaySeconds");
        var change = new UnitPolicyChange(
            EscalationWindow: Seconds(body, "escalationWindowSeconds", 5, 3600, errors),
            EscalateMedium: Flag(body, "escalateMedium", errors),
            ReAlarmAfter: Seconds(body, "reAlarmAfterSeconds", 10, 3600, errors),
            News2ConditionDelay: Seconds(body, "news2ConditionDelaySeconds", 0, 3600, errors));
        return errors.Any ? (null, Problems.Validation(errors.ToDictionary())) : (change, null);
    }

    /// <summary>The settings, and the patients of the unit that have not yet confirmed its latest policy.</summary>
    public static UnitSettingsView Render(UnitAlarmPolicy policy, IEnumerable<string> patientsAwaitingPolicy) => new(
        policy.EscalationWindow.TotalSeconds,
        policy.EscalateMedium,
        policy.ReAlarmAfter.TotalSeconds,
        policy.News2ConditionDelay.TotalSeconds,
        patientsAwaitingPolicy);

    private static TimeSpan? Seconds(JsonElement body, string name, double min, double max, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds >= min && seconds <= max)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add(name, $"'{name}' must be a number of seconds from {min} to {max}.");
        return null;
    }

    private static bool? Flag(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(name, $"'{name}' must be true or false.");
        return null;
    }
}
