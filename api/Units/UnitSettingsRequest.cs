using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Monitoring.Alarms;
using Monitoring.Api.Http;
using Monitoring.Json;

namespace Monitoring.Api.Units;

/// <summary>
/// The body of <c>PUT /api/v1/units/{unitId}/settings</c>: the unit's escalation settings that change; a field left
/// out or null stays as it is. No other field is taken.
/// </summary>
public sealed record UnitSettingsRequest(
    [property: Range(5, 3600), Description("Seconds an alarm may stay unacknowledged before it goes to on-call, and then to the next level.")] double? EscalationWindowSeconds = null,
    [property: Description("Whether medium-priority alarms escalate too (high ones always do).")] bool? EscalateMedium = null,
    [property: Range(10, 3600), Description("Seconds an acknowledged alarm whose condition still holds stays quiet.")] double? ReAlarmAfterSeconds = null,
    [property: Range(0, 3600), Description("Seconds a NEWS2 band must hold before it raises an alarm.")] double? News2ConditionDelaySeconds = null)
{
    // The ranges the Range attributes above give the API's description.
    private static readonly Dictionary<string, (double Min, double Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["escalationWindowSeconds"] = (5, 3600),
        ["reAlarmAfterSeconds"] = (10, 3600),
        ["news2ConditionDelaySeconds"] = (0, 3600),
    };

    /// <summary>What is wrong with a member that does not fit this record.</summary>
    public static string Explain(JsonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault switch
        {
            { IsUnknown: true } => RequestFields.Unknown(fault),
            { Member: "escalateMedium" } => "'escalateMedium' must be true or false.",
            _ => NotInRange(fault.Member!),
        };
    }

    /// <summary>The change, or a 400 naming every setting out of its range.</summary>
    public (UnitPolicyChange? Change, IResult? Problem) Validate()
    {
        var errors = new FieldErrors();
        var change = new UnitPolicyChange(
            EscalationWindow: Seconds(EscalationWindowSeconds, "escalationWindowSeconds", errors),
            EscalateMedium: EscalateMedium,
            ReAlarmAfter: Seconds(ReAlarmAfterSeconds, "reAlarmAfterSeconds", errors),
            News2ConditionDelay: Seconds(News2ConditionDelaySeconds, "news2ConditionDelaySeconds", errors));
        return errors.Any ? (null, errors.AsProblem()) : (change, null);
    }

    private static TimeSpan? Seconds(double? seconds, string name, FieldErrors errors)
    {
        var (min, max) = Ranges[name];
        if (seconds is not { } value)
        {
            return null;
        }

        if (value >= min && value <= max)
        {
            return TimeSpan.FromSeconds(value);
        }

        errors.Add(name, NotInRange(name));
        return null;
    }

    private static string NotInRange(string name) =>
        $"'{name}' must be a number of seconds from {Ranges[name].Min} to {Ranges[name].Max}.";
}

/// <summary>
/// A unit's escalation settings as the API answers them, and the patients of the unit that have not yet confirmed
/// its latest policy (the unit resends it to them until they do; empty when every patient has it in force).
/// </summary>
public sealed record UnitSettingsView(
    double EscalationWindowSeconds,
    bool EscalateMedium,
    double ReAlarmAfterSeconds,
    double News2ConditionDelaySeconds,
    IEnumerable<string> PatientsAwaitingPolicy)
{
    /// <summary>The settings, and the patients of the unit that have not yet confirmed its latest policy.</summary>
    public static UnitSettingsView Of(UnitAlarmPolicy policy, IEnumerable<string> patientsAwaitingPolicy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(
            policy.EscalationWindow.TotalSeconds,
            policy.EscalateMedium,
            policy.ReAlarmAfter.TotalSeconds,
            policy.News2ConditionDelay.TotalSeconds,
            patientsAwaitingPolicy);
    }
}
