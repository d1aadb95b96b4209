using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.Vitals;

namespace Monitoring;

/// <summary>A patient, keyed by an opaque patient id (never the MRN).</summary>
public interface IPatientGrain : IGrainWithStringKey
{
    Task<AdmissionOutcome> AdmitAsync(Admission admission);

    /// <summary>Ends the stay: alarms end, devices are unbound. False when the patient was not admitted.</summary>
    Task<bool> DischargeAsync();

    /// <summary>Attaches a device; false when the patient is not admitted.</summary>
    Task<bool> AttachDeviceAsync(string deviceId);

    Task DetachDeviceAsync(string deviceId);

    /// <summary>
    /// Evaluates readings from a bound device, all or none; the device stores them (it held room in the
    /// history before calling, and waits for their commit itself).
    /// </summary>
    Task<RecordOutcome> RecordReadingsAsync(string deviceId, ImmutableArray<Reading> readings);

    /// <summary>
    /// Takes observations entered by a nurse or another system (consciousness, oxygen, any vital), all or
    /// none: stores them and answers once they are committed.
    /// </summary>
    Task<RecordOutcome> RecordObservationsAsync(ImmutableArray<Reading> readings);

    /// <summary>
    /// An attached device has gone quiet (raises <c>device-offline</c>; its next reading resolves it).
    /// False when the device is no longer attached to an admitted patient: its binding has ended.
    /// </summary>
    Task<bool> ReportDeviceSilentAsync(string deviceId);

    /// <summary>
    /// An attached device sent a reading dated <paramref name="skew"/> ahead of our clock, which was refused:
    /// raises <c>device-clock</c> (its next accepted batch resolves it). False when the device is not attached.
    /// </summary>
    Task<bool> ReportDeviceClockAsync(string deviceId, TimeSpan skew);

    Task<AcknowledgeResult> AcknowledgeAsync(string alarmId, string actor);

    /// <summary>
    /// Keeps what the alarm communication manager reports of an alarm (IHE PCD-05), shown with the alarm; a
    /// report that nobody has it (undeliverable, declined) escalates it at once. The alarm as it now is, or null
    /// when it is not open (the report is then only on record where the caller puts it).
    /// </summary>
    Task<AlarmView?> RecordDisseminationAsync(string alarmId, AlarmDissemination report);

    /// <summary>
    /// The alarm manager did not report the alarm raised (or re-alarmed) at <paramref name="activeSince"/> as
    /// delivered in time: it goes to the next escalation level, if it escalates under the unit's policy and is
    /// still that activation, active and not delivered. True when it escalated.
    /// </summary>
    Task<bool> EscalateUndeliveredAsync(string alarmId, DateTimeOffset activeSince);

    /// <summary>Replaces the patient's own changes to the unit's alarm rules; false when not admitted.</summary>
    Task<bool> SetLimitsAsync(ImmutableArray<AlarmRuleOverride> overrides);

    /// <summary>The rules in force (the unit's with the patient's changes), or default when not admitted.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<AlarmRule>> GetLimitsAsync();

    /// <summary>The patient's own changes to the unit's rules and their SpO2 scale (a what-if replay lays a proposal under them).</summary>
    [AlwaysInterleave]
    Task<PatientAlarmSettings> GetAlarmSettingsAsync();

    /// <summary>Sets the NEWS2 SpO2 scale (1 or 2); false when not admitted.</summary>
    Task<bool> SetSpO2ScaleAsync(int scale);

    /// <summary>The unit changed its policy; one-way so that the unit never waits on its patients. Kept for silos of release 1.0.</summary>
    [OneWay]
    Task UnitPolicyChangedAsync(UnitAlarmPolicy policy);

    /// <summary>
    /// The unit's policy, version <paramref name="version"/>: the patient puts it in force at once (current values
    /// checked again) and confirms with <see cref="IUnitGrain.ConfirmPolicyAsync"/>; the unit resends until it has.
    /// One-way both ways, so that neither ever waits on the other.
    /// </summary>
    [OneWay]
    Task TakeUnitPolicyAsync(UnitAlarmPolicy policy, long version);

    /// <summary>Where the patient lies (unit and bed), or null when not admitted: what access checks need.</summary>
    [AlwaysInterleave]
    Task<Admission?> GetAdmissionAsync();

    /// <summary>The patient's current picture, or null when not admitted.</summary>
    [AlwaysInterleave]
    Task<PatientView?> GetViewAsync();
}
