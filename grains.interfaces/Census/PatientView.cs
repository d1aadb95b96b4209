using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.News2;
using Monitoring.Vitals;

namespace Monitoring.Census;

/// <summary>A patient as the REST API and the unit board show them.</summary>
/// <param name="Vitals">Latest value per vital, keyed by our short code (<c>hr</c>, <c>spo2</c>, ...).</param>
/// <param name="Alarms">Alarms that are not resolved yet.</param>
/// <param name="News2">The early-warning score from the latest values, with each parameter's score or why it is missing.</param>
[GenerateSerializer, Immutable, Alias("monitoring.patient-view")]
public sealed record PatientView(
    [property: Id(0)] string PatientId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] string Bed,
    [property: Id(3)] ImmutableDictionary<string, VitalValue> Vitals,
    [property: Id(4)] ImmutableArray<AlarmView> Alarms,
    [property: Id(5)] ImmutableArray<string> Devices,
    [property: Id(6)] News2Result News2);
