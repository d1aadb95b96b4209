using System.Collections.Immutable;
using System.Globalization;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Vitals;

namespace Monitoring.Api.Limits;

/// <summary>
/// Checks a rule as it will be in force (the change laid over the rules below) and names the field to correct:
/// every limit within the vital's physiological range; low below high; each deeper tier further from normal than
/// the one before it and at least as urgent; every hysteresis at least 0, and each limit's clearing point (a low
/// limit plus its hysteresis, a high one minus it) inside the range and short of the nearest limit on the other
/// side, so that an alarm can always end. When a problem comes from a value the request did not send (a tier
/// kept from below, say), the field named is the one it did send.
/// </summary>
public static class AlarmRuleValidation
{
    private static readonly LimitSide[] Sides = [LimitSide.Low, LimitSide.High];

    public static void Validate(AlarmRule rule, AlarmRuleOverride sent, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(errors);
        var vital = VitalSignCatalog.Get(rule.Sign);
        var fields = new SentRuleFields(vital.Code, sent);
        CheckOrdinary(rule, vital, fields, errors);
        foreach (var side in Sides)
        {
            CheckTiers(rule, side, vital, fields, errors);
        }
    }

    /// <summary>Names each tier sent whose code another limit of the same rules already raises (one condition per code).</summary>
    public static void RequireDistinctCodes(ImmutableArray<AlarmRule> effective, IEnumerable<AlarmRuleOverride> sent, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(errors);
        var taken = effective.SelectMany(r => r.AllLimits).GroupBy(l => l.Code, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var change in sent)
        {
            var path = VitalSignCatalog.Get(change.Sign).Code;
            foreach (var side in Sides)
            {
                var tiers = side == LimitSide.Low ? change.LowTiers : change.HighTiers;
                foreach (var (tier, index) in (tiers ?? []).Select((t, i) => (t, i)).Where(t => taken.Contains(t.t.Code)))
                {
                    errors.Add($"{path}.{AlarmTiersJson.PropertyOf(side)}[{index}].code",
                        $"Another of these limits already raises '{tier.Code}' (one alarm condition per code); give this tier a code of its own.");
                }
            }
        }
    }

    /// <summary>The ordinary limits and their one hysteresis (whose clearing point means nothing while low is not below high).</summary>
    private static void CheckOrdinary(AlarmRule rule, VitalSignInfo vital, SentRuleFields fields, FieldErrors errors)
    {
        foreach (var implausible in Sides.Where(s => Ordinary(rule, s) is { } limit && !vital.IsPlausible(limit.Threshold)))
        {
            errors.Add(fields.Limit(implausible), $"Must lie within the physiological range, {Range(vital)}.");
        }

        if (rule.Low is { } low && rule.High is { } high && low >= high)
        {
            var blamed = fields.SentLimit(LimitSide.Low) || !fields.SentLimit(LimitSide.High) ? LimitSide.Low : LimitSide.High;
            errors.Add(fields.Limit(blamed), $"The low limit ({Number(low)}) must be below the high limit ({Number(high)}).");
            return;
        }

        if (rule.Hysteresis < 0)
        {
            errors.Add(fields.Hysteresis, "Must be at least 0.");
            return;
        }

        var (side, problem) = Sides
            .Select(s => (s, Ordinary(rule, s) is { } limit ? ClearingProblem(limit, "The " + AlarmWords.Of(s) + " limit", rule, vital) : null))
            .FirstOrDefault(p => p.Item2 is not null);
        if (problem is not null)
        {
            errors.Add(fields.ForOrdinaryClearing(side), problem);
        }
    }

    private static void CheckTiers(AlarmRule rule, LimitSide side, VitalSignInfo vital, SentRuleFields fields, FieldErrors errors)
    {
        var (further, nearer) = side == LimitSide.Low ? ("below", "above") : ("above", "below");
        var tiers = rule.TiersOn(side).ToList();
        var word = AlarmWords.Of(side);
        for (var index = 0; index < tiers.Count; index++)
        {
            var tier = tiers[index];
            var path = fields.Tier(side, index);
            if (!vital.IsPlausible(tier.Threshold))
            {
                errors.Add(path + ".limit", $"Must lie within the physiological range, {Range(vital)}.");
            }

            var previous = index == 0 ? Ordinary(rule, side) : tiers[index - 1];
            var previousName = index == 0 ? $"the {word} limit" : $"the tier before it, {previous?.Code}";
            var keptFromBelow = !fields.SentTiers(side) && index == 0; // then blame the ordinary field sent
            if (previous is null)
            {
                errors.Add(path + ".limit", $"A deeper tier lies beyond the ordinary {word} limit, and this rule has none; set '{word}' first.");
            }
            else
            {
                if (!tier.IsBeyond(previous))
                {
                    AddBlaming(errors, keptFromBelow && fields.SentLimit(side), fields.Limit(side),
                        $"The {word} limit ({Number(previous.Threshold)}) must lie {nearer} the deeper tier {tier.Code} ({Number(tier.Threshold)}); change or remove that tier ('{AlarmTiersJson.PropertyOf(side)}').",
                        path + ".limit", $"Must lie {further} {previousName} ({Number(previous.Threshold)}): each deeper tier lies further from normal than the one before it.");
                }

                if (tier.Priority < previous.Priority)
                {
                    AddBlaming(errors, keptFromBelow && fields.SentPriority(side), fields.Priority(side),
                        $"Must be no more urgent than the deeper tier {tier.Code} ({AlarmWords.Of(tier.Priority)}), or change that tier ('{AlarmTiersJson.PropertyOf(side)}').",
                        path + ".priority", $"Must be at least as urgent as {previousName} ({AlarmWords.Of(previous.Priority)}): going further from normal never lowers the priority.");
                }
            }

            if (tier.Hysteresis < 0)
            {
                errors.Add(path + ".hysteresis", "Must be at least 0.");
            }
            else if (ClearingProblem(tier, $"The tier {tier.Code}", rule, vital) is { } problem)
            {
                var opposite = side == LimitSide.Low ? LimitSide.High : LimitSide.Low;
                AddBlaming(errors, !fields.SentTiers(side) && fields.SentLimit(opposite), fields.Limit(opposite), problem, path + ".hysteresis", problem);
            }
        }
    }

    /// <summary>Why <paramref name="limit"/>'s alarm could never end, or null when it can.</summary>
    private static string? ClearingProblem(AlarmLimit limit, string name, AlarmRule rule, VitalSignInfo vital)
    {
        var low = limit.Side == LimitSide.Low;
        var clearsAt = low ? limit.Threshold + limit.Hysteresis : limit.Threshold - limit.Hysteresis;
        var nearestOpposite = rule.Ladder(low ? LimitSide.High : LimitSide.Low).FirstOrDefault();
        var where = low && clearsAt > vital.PlausibleMaximum ? $"above the physiological maximum ({Number(vital.PlausibleMaximum)} {vital.Unit})"
            : !low && clearsAt < vital.PlausibleMinimum ? $"below the physiological minimum ({Number(vital.PlausibleMinimum)} {vital.Unit})"
            : nearestOpposite is { } other && (low ? clearsAt >= other.Threshold : clearsAt <= other.Threshold)
                ? $"at or beyond the {AlarmWords.Of(other.Side)} limit {other.Code} ({Number(other.Threshold)})"
            : null;
        return where is null ? null
            : $"{name} ({Number(limit.Threshold)}) with a hysteresis of {Number(limit.Hysteresis)} would clear only at {Number(clearsAt)}, {where}; make the hysteresis smaller.";
    }

    /// <summary>Records the problem against the other field when <paramref name="blameOther"/> (it was sent and this one was not), else against this one.</summary>
    private static void AddBlaming(FieldErrors errors, bool blameOther, string otherField, string otherMessage, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (blameOther)
        {
            errors.Add(otherField, otherMessage);
        }
        else
        {
            errors.Add(field, message);
        }
    }

    private static AlarmLimit? Ordinary(AlarmRule rule, LimitSide side) =>
        rule.Ladder(side).FirstOrDefault(l => l.Code == (side == LimitSide.Low ? rule.LowCode : rule.HighCode));

    private static string Range(VitalSignInfo vital) =>
        $"{Number(vital.PlausibleMinimum)} to {Number(vital.PlausibleMaximum)} {vital.Unit}";

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
