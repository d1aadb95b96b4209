using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Push;

/// <summary>The latest vitals of one bed, pushed to dashboards as the SignalR event <c>vitals</c>.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.vitals-update")]
public sealed record VitalsUpdate(
    [property: Id(0)] string PatientId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string Bed,
    [property: Id(3)] ImmutableDictionary<string, VitalValue> Vitals);
