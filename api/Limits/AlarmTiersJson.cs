using System.Collections.Immutable;
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

    public static string NotATier { get; } = $"A tier is an object with {string.Join(", ", Fields)} (limit and priority required).";

    public static string UnknownField { get; } = $"Unknown field; a tier takes {string.Join(", ", Fields)}.";

    public const string CodeNotAString = "'code' must be a string, e.g. \"spo2-desat\".";

    public static string NotAList(string name) =>
        $"'{name}' must be a list of tiers, each {{\"code\",\"limit\",\"priority\",\"conditionDelaySeconds\",\"hysteresis\"}}; [] removes them.";

    /// <summary>The property that holds the deeper tiers of <paramref name="side"/>.</summary>
    public static string PropertyOf(LimitSide side) => side == LimitSide.Low ? "lowTiers" : "highTiers";

    /// <summary>The side's tiers, or null when the list was left out or null (the tiers below stay).</summary>
    public static ImmutableArray<AlarmLimit>? Parse(IReadOnlyList<LimitTier?>? list, VitalSignInfo vital, LimitSide side, AlarmRule defaults, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(vital);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(errors);
        if (list is null)
        {
            return null;
        }

        var tiers = ImmutableArray.CreateBuilder<AlarmLimit>();
        for (var index = 0; index < list.Count; index++)
        {
            if (ParseOne(list[index], $"{vital.Code}.{PropertyOf(side)}[{index}]", vital, side, index, defaults, errors) is { } limit)
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

    private static AlarmLimit? ParseOne(LimitTier? tier, string path, VitalSignInfo vital, LimitSide side, int index, AlarmRule defaults, FieldErrors errors)
    {
        if (tier is null)
        {
            errors.Add(path, NotATier);
            return null;
        }

        var code = Code(tier.Code, path, errors);
        var limit = AlarmLimitFields.Number(tier.Limit, "limit", path, errors);
        var delay = AlarmLimitFields.ConditionDelay(tier.ConditionDelaySeconds, path, errors);
        var hysteresis = AlarmLimitFields.Number(tier.Hysteresis, "hysteresis", path, errors);
        if (tier.Limit is null)
        {
            errors.Add(path + ".limit", "'limit' is required: the value beyond which this tier alarms.");
        }

        if (tier.Priority == default)
        {
            errors.Add(path + ".priority", "'priority' is required: \"high\", \"medium\" or \"low\".");
        }

        return limit is { } threshold && tier.Priority != default
            ? new AlarmLimit(
                code ?? AlarmTierCodes.Default(vital, side, index),
                side,
                threshold,
                tier.Priority,
                delay ?? defaults.ConditionDelay,
                hysteresis ?? defaults.Hysteresis)
            : null;
    }

    private static string? Code(string? code, string path, FieldErrors errors)
    {
        if (code is not null && AlarmTierCodes.Refusal(code) is { } refusal)
        {
            errors.Add(path + ".code", refusal);
            return null;
        }

        return code;
    }
}
