using System.Collections.Immutable;
using Monitoring.Alarms;

namespace Monitoring.Push;

/// <summary>Events on their way from the grains to the dashboards, batched to keep the push path cheap.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.push-batch")]
public sealed record PushBatch(
    [property: Id(0)] ImmutableArray<VitalsUpdate> Vitals,
    [property: Id(1)] ImmutableArray<AlarmView> Alarms)
{
    public static readonly PushBatch Empty = new([], []);

    public bool IsEmpty => Vitals.IsDefaultOrEmpty && Alarms.IsDefaultOrEmpty;

    public int Count => (Vitals.IsDefault ? 0 : Vitals.Length) + (Alarms.IsDefault ? 0 : Alarms.Length);
}
