using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Hl7.Alerts;

/// <summary>
/// One change of one alarm, as the alarm manager is told of it in an IHE PCD-04 Report Alert: which alert
/// (<paramref name="AlertId"/>, the same in every report of the alarm, and <paramref name="Update"/>, its n-th
/// change), of which patient where, of what kind and priority, from which observation, and its phase and states.
/// </summary>
/// <param name="AlertId">Our alarm id (sealed: it tells nothing of the patient).</param>
/// <param name="Update">The number of the alarm's transition this reports (1 when raised).</param>
/// <param name="Code">Our alarm code, e.g. <c>spo2-low</c>.</param>
/// <param name="Source">The vital sign whose value caused it, if any, with <paramref name="Value"/> in its catalog unit.</param>
/// <param name="DeviceId">The device it came from (EUI-64), when known.</param>
/// <param name="StartedAt">When the alarm was raised.</param>
/// <param name="OccurredAt">When this change happened.</param>
/// <param name="Actor">Who caused the change (who acknowledged), when a person did.</param>
public sealed record AlertReport(
    string AlertId,
    int Update,
    string PatientId,
    string UnitId,
    string Bed,
    AlarmKind Kind,
    string Code,
    AlarmPriority Priority,
    AlertPhase Phase,
    AlertState State,
    AlertInactivation Inactivation,
    VitalSign? Source,
    double? Value,
    string? DeviceId,
    DateTimeOffset StartedAt,
    DateTimeOffset OccurredAt,
    int EscalationLevel,
    string? Actor);
