using System.Collections.Immutable;
using Monitoring.Alarms;

namespace Monitoring.Push;

/// <summary>
/// Events on their way from the grains to the dashboards, batched to keep the push path cheap:
/// <c>vitals</c> and <c>alarm</c> to the unit's and the patient's groups, <c>escalation</c> to on-call.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.push-batch")]
public sealed record PushBatch(
    [property: Id(0)] ImmutableArray<VitalsUpdate> Vitals,
    [property: Id(1)] ImmutableArray<AlarmView> Alarms,
    [property: Id(2)] ImmutableArray<AlarmView> Escalations)
{
    public bool IsEmpty => Vitals.IsDefaultOrEmpty && Alarms.IsDefaultOrEmpty && Escalations.IsDefaultOrEmpty;

    /// <summary>Whether it carries anything that must not wait for the next flush.</summary>
    public bool IsUrgent => !Alarms.IsDefaultOrEmpty || !Escalations.IsDefaultOrEmpty;

    public int Count => Length(Vitals) + Length(Alarms) + Length(Escalations);

    private static int Length<T>(ImmutableArray<T> items) => items.IsDefault ? 0 : items.Length;
}
