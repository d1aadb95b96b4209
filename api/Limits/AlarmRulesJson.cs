using System.Collections.Immutable;
using System.Text.Json;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Json;
using Monitoring.Vitals;

namespace Monitoring.Api.Limits;

/// <summary>
/// Alarm limits as JSON: <c>{"spo2":{"low":90,"high":null,"lowPriority":"medium","highPriority":"low",
/// "conditionDelaySeconds":10,"hysteresis":2,"lowTiers":[{"code":"spo2-desat","limit":80,"priority":"high",
/// "conditionDelaySeconds":0,"hysteresis":2}],"highTiers":[]}}</c>. The first six fields are the ordinary tier;
/// <c>lowTiers</c> and <c>highTiers</c> the deeper ones (see <see cref="AlarmTiersJson"/>). Every field may be
/// left out: it keeps the rule below (a body of ordinary fields only works as it always did). The rules as
/// they would then be in force are checked (<see cref="AlarmRuleValidation"/>) before anything is changed.
/// The body's members are vital codes, in any case, so they are walked here: a vital sent twice, pulse rate and
/// anything else are each refused by name. Each rule is a typed <see cref="VitalLimits"/>.
/// </summary>
public static class AlarmRulesJson
{
    private static string Fields => string.Join(", ", RequestJson.Default.VitalLimits.Properties.Select(p => p.Name));

    public static (ImmutableArray<AlarmRuleOverride> Overrides, IResult? Problem) Parse(JsonElement body, ImmutableArray<AlarmRule> rulesBelow)
    {
        var errors = new FieldErrors();
        var overrides = new List<AlarmRuleOverride>();
        foreach (var vital in body.EnumerateObject())
        {
            if (!VitalSignCatalog.TryGetByCode(vital.Name, out var info) || !info.IsMeasured)
            {
                errors.Add(vital.Name, $"Not a vital sign with alarm limits; use one of {string.Join(", ", LimitedCodes)}.");
            }
            else if (info.Sign == VitalSign.PulseRate)
            {
                errors.Add(vital.Name, "Pulse rate has no limits of its own: it follows the 'hr' limits (one pulse condition, from the ECG when there is one, else from the pulse). Set them under 'hr'.");
            }
            else if (overrides.Any(o => o.Sign == info.Sign))
            {
                errors.Add(vital.Name, $"'{vital.Name}' appears more than once; send each vital once.");
            }
            else if (ParseOne(info, vital.Value, rulesBelow, errors) is { } change)
            {
                overrides.Add(change);
            }
        }

        if (!errors.Any)
        {
            var effective = AlarmRuleSet.Apply(rulesBelow, overrides);
            foreach (var change in overrides)
            {
                AlarmRuleValidation.Validate(effective.Single(r => r.Sign == change.Sign), change, errors);
            }

            AlarmRuleValidation.RequireDistinctCodes(effective, overrides, errors);
        }

        return errors.Any ? ([], Problems.Validation(errors.ToDictionary())) : ([.. overrides], null);
    }

    /// <summary>Every rule, each with <c>lowTiers</c> and <c>highTiers</c> (empty when it has none).</summary>
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
                ["lowTiers"] = AlarmTiersJson.Render(r, LimitSide.Low),
                ["highTiers"] = AlarmTiersJson.Render(r, LimitSide.High),
            });

    // Measured signs other than pulse rate, which feeds the heart-rate condition.
    private static IEnumerable<string> LimitedCodes => VitalSignCatalog.Codes.Where(c =>
        VitalSignCatalog.TryGetByCode(c, out var info) && info.IsMeasured && info.Sign != VitalSign.PulseRate);

    private static AlarmRuleOverride? ParseOne(VitalSignInfo info, JsonElement json, ImmutableArray<AlarmRule> rulesBelow, FieldErrors errors)
    {
        var path = info.Code;
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"'{path}' must be an object with any of {Fields}.");
            return null;
        }

        VitalLimits rule;
        try
        {
            rule = json.Deserialize(RequestJson.Default.VitalLimits)!;
        }
        catch (JsonException exception)
        {
            var fault = JsonErrorLocator.FaultOf(exception, RequestJson.Default.VitalLimits);
            errors.Add($"{path}.{fault.Field}", Explain(fault));
            return null;
        }

        var ordinary = new AlarmRuleOverride(
            info.Sign,
            AlarmLimitFields.Number(rule.Low, "low", path, errors),
            AlarmLimitFields.Number(rule.High, "high", path, errors),
            rule.LowPriority,
            rule.HighPriority,
            AlarmLimitFields.ConditionDelay(rule.ConditionDelaySeconds, path, errors),
            AlarmLimitFields.Number(rule.Hysteresis, "hysteresis", path, errors));

        // A tier without its own delay or hysteresis takes the rule's, as this request leaves it.
        var defaults = AlarmRuleSet.Apply(rulesBelow, [ordinary]).Single(r => r.Sign == info.Sign);
        return ordinary with
        {
            LowTiers = AlarmTiersJson.Parse(rule.LowTiers, info, LimitSide.Low, defaults, errors),
            HighTiers = AlarmTiersJson.Parse(rule.HighTiers, info, LimitSide.High, defaults, errors),
        };
    }

    /// <summary>What is wrong with a member of a rule, or of one of its tiers, that does not fit its record.</summary>
    private static string Explain(JsonFault fault) => fault switch
    {
        { IsUnknown: true } when fault.Owner?.Type == typeof(LimitTier) => AlarmTiersJson.UnknownField,
        { IsUnknown: true } => $"Unknown field; use any of {Fields}.",
        { Member: null } => AlarmTiersJson.NotATier,
        { Member: "lowTiers" or "highTiers" } => AlarmTiersJson.NotAList(fault.Member!),
        { Member: "code" } => AlarmTiersJson.CodeNotAString,
        { Member: "lowPriority" or "highPriority" or "priority" } => AlarmLimitFields.NotAPriority(fault.Member!),
        _ => AlarmLimitFields.NotANumber(fault.Member!),
    };
}
