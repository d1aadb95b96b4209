using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Monitoring.Api.Units;

/// <summary>
/// The body of <c>PUT /api/v1/units/{unitId}/settings</c>: the unit's escalation settings that change; a field left
/// out or null stays as it is. No other field is taken. Read by <see cref="UnitSettingsJson"/>.
/// </summary>
public sealed record UnitSettingsRequest(
    [property: Range(5, 3600), Description("Seconds an alarm may stay unacknowledged before it goes to on-call, and then to the next level.")] double? EscalationWindowSeconds = null,
    [property: Description("Whether medium-priority alarms escalate too (high ones always do).")] bool? EscalateMedium = null,
    [property: Range(10, 3600), Description("Seconds an acknowledged alarm whose condition still holds stays quiet.")] double? ReAlarmAfterSeconds = null,
    [property: Range(0, 3600), Description("Seconds a NEWS2 band must hold before it raises an alarm.")] double? News2ConditionDelaySeconds = null);

/// <summary>
/// A unit's escalation settings as the API answers them, and the patients of the unit that have not yet confirmed
/// its latest policy (the unit resends it to them until they do; empty when every patient has it in force).
/// </summary>
public sealed record UnitSettingsView(
    double EscalationWindowSeconds,
    bool EscalateMedium,
    double ReAlarmAfterSeconds,
    double News2ConditionDelaySeconds,
    IEnumerable<string> PatientsAwaitingPolicy);
