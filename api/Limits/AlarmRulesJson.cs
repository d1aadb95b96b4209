using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Vitals;

namespace Monitoring.Api.Limits;

/// <summary>
/// Alarm limits as JSON: <c>{"hr":{"low":45,"high":120,"lowPriority":"high","highPriority":"medium",
/// "conditionDelaySeconds":5,"hysteresis":5}}</c>. Every field may be left out (it keeps the rule below).
/// Validated against the rules they change: low below high, inside what a patient can have at all.
/// </summary>
public static class AlarmRulesJson
{
    private const double MaxConditionDelaySeconds = 300;
    private static readonly string[] Fields = ["low", "high", "lowPriority", "highPriority", "conditionDelaySeconds", "hysteresis"];

    public static (ImmutableArray<AlarmRuleOverride> Overrides, IResult? Problem) Parse(JsonElement body, ImmutableArray<AlarmRule> rulesBelow)
    {
        var errors = new FieldErrors();
        var overrides = new List<AlarmRuleOverride>();
        foreach (var vital in body.EnumerateObject())
        {
            if (!VitalSignCatalog.TryGetByCode(vital.Name, out var info) || !info.IsMeasured)
            {
                errors.Add(vital.Name, "Not a vital sign with alarm limits; use one of hr, pr, spo2, rr, sbp, dbp, map, temp.");
                continue;
            }

            if (ParseOne(info, vital.Value, errors) is { } change)
            {
                overrides.Add(change);
            }
        }

        if (!errors.Any)
        {
            var effective = AlarmRuleSet.Apply(rulesBelow, overrides);
            foreach (var change in overrides)
            {
                Validate(effective.Single(r => r.Sign == change.Sign), errors);
            }
        }

        return errors.Any ? ([], Problems.Validation(errors.ToDictionary())) : ([.. overrides], null);
    }

    public static Dictionary<string, object?> Render(IEnumerable<AlarmRule> rules) =>
        rules.ToDictionary(
            r => VitalSignCatalog.Get(r.Sign).Code,
            r => (object?)new Dictionary<string, object?>
            {
                ["low"] = r.Low,
                ["high"] = r.High,
                ["lowPriority"] = AlarmWords.Of(r.LowPriority),
                ["highPriority"] = AlarmWords.Of(r.HighPriority),
                ["conditionDelaySeconds"] = r.ConditionDelay.TotalSeconds,
                ["hysteresis"] = r.Hysteresis,
            });

    private static AlarmRuleOverride? ParseOne(VitalSignInfo info, JsonElement json, FieldErrors errors)
    {
        var path = info.Code;
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"'{path}' must be an object with any of {string.Join(", ", Fields)}.");
            return null;
        }

        foreach (var unknown in json.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors.Add($"{path}.{unknown.Name}", $"Unknown field; use any of {string.Join(", ", Fields)}.");
        }

        var delay = Number(json, "conditionDelaySeconds", path, errors);
        if (delay is < 0 or > MaxConditionDelaySeconds)
        {
            errors.Add($"{path}.conditionDelaySeconds", $"Must be from 0 to {MaxConditionDelaySeconds.ToString(CultureInfo.InvariantCulture)} seconds.");
        }

        return new AlarmRuleOverride(
            info.Sign,
            Number(json, "low", path, errors),
            Number(json, "high", path, errors),
            Priority(json, "lowPriority", path, errors),
            Priority(json, "highPriority", path, errors),
            delay is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Number(json, "hysteresis", path, errors));
    }

    private static void Validate(AlarmRule rule, FieldErrors errors)
    {
        var info = VitalSignCatalog.Get(rule.Sign);
        var path = info.Code;
        var range = $"{info.PlausibleMinimum.ToString(CultureInfo.InvariantCulture)} to {info.PlausibleMaximum.ToString(CultureInfo.InvariantCulture)} {info.Unit}";
        if (rule.Low is { } low && !info.IsPlausible(low))
        {
            errors.Add(path + ".low", $"Must lie within the physiological range, {range}.");
        }

        if (rule.High is { } high && !info.IsPlausible(high))
        {
            errors.Add(path + ".high", $"Must lie within the physiological range, {range}.");
        }

        if (rule.Low is { } l && rule.High is { } h && l >= h)
        {
            errors.Add(path + ".low", $"The low limit ({l.ToString(CultureInfo.InvariantCulture)}) must be below the high limit ({h.ToString(CultureInfo.InvariantCulture)}).");
        }
        else if (rule.Hysteresis < 0 || (rule.Low is { } lo && rule.High is { } hi && rule.Hysteresis >= hi - lo))
        {
            errors.Add(path + ".hysteresis", "Must be at least 0 and smaller than the gap between the low and the high limit.");
        }
    }

    private static double? Number(JsonElement json, string name, string path, FieldErrors errors)
    {
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

    private static AlarmPriority? Priority(JsonElement json, string name, string path, FieldErrors errors)
    {
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
}
