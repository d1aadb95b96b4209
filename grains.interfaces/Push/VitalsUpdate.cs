using System.Collections.Immutable;
using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.Push;

/// <summary>
/// The latest vitals of one bed, with its NEWS2 as of those vitals, pushed to dashboards as the
/// SignalR event <c>vitals</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.vitals-update")]
public sealed record VitalsUpdate(
    [property: Id(0)] string PatientId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string Bed,
    [property: Id(3)] ImmutableDictionary<string, VitalValue> Vitals,
    [property: Id(4)] News2Summary? News2 = null);
