using System.Collections.Immutable;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Vitals;

namespace Monitoring.Api.Limits;

/// <summary>
/// The deeper tiers of one side of a rule as JSON (<c>lowTiers</c>, <c>highTiers</c>), from the ordinary limit
/// outwards: <c>[{"code":"spo2-desat","limit":80,"priority":"high","conditionDelaySeconds":0,"hysteresis":2}]</c>.
/// <c>limit</c> and <c>priority</c> are required; the code defaults to <c>{vital}-low-2</c>, <c>-3</c>… by depth,
/// the delay and hysteresis to the rule's. A list given replaces every deeper tier of that side; <c>[]</c> removes them.
/// </summary>
public static class AlarmTiersJson
{
    private static readonly string[] Fields = ["code", "limit", "priority", "conditionDelaySeconds", "hysteresis"];

    /// <summary>The property that holds the deeper tiers of <paramref name="side"/>.</summary>
    public static string PropertyOf(LimitSide side) => side == LimitSide.Low ? "lowTiers" : "highTiers";

    /// <summary>The side's tiers, or null when the property is absent or null (the tiers below stay).</summary>
    public static ImmutableArray<AlarmLimit>? Parse(JsonElement rule, VitalSignInfo vital, LimitSide side, AlarmRule defaults, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(vital);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(errors);
        var name = PropertyOf(side);
        var path = $"{vital.Code}.{name}";
        if (!rule.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"'{name}' must be a list of tiers, each {{\"code\",\"limit\",\"priority\",\"conditionDelaySeconds\",\"hysteresis\"}}; [] removes them.");
            return null;
        }

        var tiers = ImmutableArray.CreateBuilder<AlarmLimit>();
        foreach (var (tier, index) in list.EnumerateArray().Select((t, i) => (t, i)))
        {
            if (ParseOne(tier, $"{path}[{index}]", vital, side, index, defaults, errors) is { } limit)
            {
                tiers.Add(limit);
            }
        }

        return tiers.ToImmutable();
    }

    public static IEnumerable<Dictionary<string, object?>> Render(AlarmRule rule, LimitSide side)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.TiersOn(side).Select(t => new Dictionary<string, object?>
        {
            ["code"] = t.Code,
            ["limit"] = t.Threshold,
            ["priority"] = AlarmWords.Of(t.Priority),
            ["conditionDelaySeconds"] = t.ConditionDelay.TotalSeconds,
            ["hysteresis"] = t.Hysteresis,
        });
    }

    private static AlarmLimit? ParseOne(JsonElement tier, string path, VitalSignInfo vital, LimitSide side, int index, AlarmRule defaults, FieldErrors errors)
    {
        if (tier.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"A tier is an object with {string.Join(", ", Fields)} (limit and priority required).");
            return null;
        }

        foreach (var unknown in tier.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add($"{path}.{unknown.Name}", $"Unknown field; a tier takes {string.Join(", ", Fields)}.");
        }

        var code = Code(tier, path, errors);
        var limit = AlarmLimitFields.Number(tier, "limit", path, errors);
        var priority = AlarmLimitFields.Priority(tier, "priority", path, errors);
        var delay = AlarmLimitFields.ConditionDelay(tier, path, errors);
        var hysteresis = AlarmLimitFields.Number(tier, "hysteresis", path, errors);
        if (!tier.TryGetProperty("limit", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path + ".limit", "'limit' is required: the value beyond which this tier alarms.");
        }

        if (!tier.TryGetProperty("priority", out given) || given.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path + ".priority", "'priority' is required: \"high\", \"medium\" or \"low\".");
        }

        return limit is { } threshold && priority is { } urgency
            ? new AlarmLimit(
                code ?? AlarmTierCodes.Default(vital, side, index),
                side,
                threshold,
                urgency,
                delay ?? defaults.ConditionDelay,
                hysteresis ?? defaults.Hysteresis)
            : null;
    }

    private static string? Code(JsonElement tier, string path, FieldErrors errors)
    {
        if (!tier.TryGetProperty("code", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var refusal = value.ValueKind == JsonValueKind.String
            ? AlarmTierCodes.Refusal(value.GetString()!)
            : "'code' must be a string, e.g. \"spo2-desat\".";
        if (refusal is not null)
        {
            errors.Add(path + ".code", refusal);
            return null;
        }

        return value.GetString();
    }
}
