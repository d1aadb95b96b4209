using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Monitoring.Alarms;

namespace Monitoring.Api.Limits;

/// <summary>
/// The body of <c>PUT /api/v1/units/{unitId}/limits</c> and <c>PUT /api/v1/patients/{patientId}/limits</c>: per vital
/// sign, the limits that change; a vital or field left out keeps what is below it (a unit's: the adult defaults; a
/// patient's: the unit's). Pulse rate (pr) has none of its own: it follows hr. Read by <see cref="AlarmRulesJson"/>.
/// </summary>
// This record only describes the body: its members are vital codes in any case, so AlarmRulesJson walks them, and reads each rule as a VitalLimits.
public sealed record SetLimitsRequest(
    VitalLimits? Hr = null,
    VitalLimits? Spo2 = null,
    VitalLimits? Rr = null,
    VitalLimits? Sbp = null,
    VitalLimits? Dbp = null,
    VitalLimits? Map = null,
    VitalLimits? Temp = null);

/// <summary>
/// One vital sign's alarm rule: the ordinary low and high limits with their priorities, and the deeper tiers of
/// each side. Every field of a request may be left out or null; an answer has them all.
/// </summary>
public sealed record VitalLimits(
    [property: Description("Alarms below this; null: no low limit.")] double? Low = null,
    [property: Description("Alarms above this; null: no high limit.")] double? High = null,
    AlarmPriority? LowPriority = null,
    AlarmPriority? HighPriority = null,
    [property: Range(0, AlarmLimitFields.MaxConditionDelaySeconds), Description("How long a value must stay beyond the limit before it alarms.")] double? ConditionDelaySeconds = null,
    [property: Description("How far back inside the limit a value must come before the alarm ends.")] double? Hysteresis = null,
    [property: Description("Deeper low tiers, from the ordinary limit outwards; a list given replaces them all, [] removes them.")] IReadOnlyList<LimitTier>? LowTiers = null,
    [property: Description("Deeper high tiers, from the ordinary limit outwards; a list given replaces them all, [] removes them.")] IReadOnlyList<LimitTier>? HighTiers = null);

/// <summary>A deeper tier of one side of a rule, e.g. <c>{"code":"spo2-desat","limit":80,"priority":"high"}</c>.</summary>
// Limit and priority are required: a limit left out reads as null, a priority as default (no priority), for the validator to refuse.
public sealed record LimitTier(
    [property: Description("The value beyond which this tier alarms.")] double? Limit,
    AlarmPriority Priority,
    [property: Description("The tier's alarm code; by default {vital}-low-2, -3… (or -high-) by depth.")] string? Code = null,
    [property: Range(0, AlarmLimitFields.MaxConditionDelaySeconds), Description("By default the rule's.")] double? ConditionDelaySeconds = null,
    [property: Description("By default the rule's.")] double? Hysteresis = null);
