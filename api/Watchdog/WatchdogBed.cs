using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.Vitals;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// One api host's synthetic bed: its patient admitted to the watchdog's unit, its device bound to it, and an SpO2
/// rule of its own that alarms at once (low priority, no delay, no deeper tiers: never latched, never escalated), so
/// that each probe's breaching reading raises an alarm and the next, normal, one resolves it. Readings enter where
/// every device's do, at the device's grain.
/// </summary>
public sealed class WatchdogBed(IGrainFactory grains, string host)
{
    /// <summary>The ordinary SpO2 low limit; probes send 80 to 88, and 98 to end the alarm.</summary>
    public const double Limit = 90;

    public const double Normal = 98;

    public string PatientId { get; } = SyntheticBeds.PatientOf(host);

    public string DeviceId { get; } = SyntheticBeds.DeviceOf(host);

    public static string AlarmCode => VitalSignCatalog.Get(VitalSign.SpO2).LowAlarmCode;

    /// <summary>Admits, binds and sets the rule; each step leaves what is already so as it is.</summary>
    public async Task SetUpAsync()
    {
        var patient = grains.GetPatient(PatientId);
        if (await patient.AdmitAsync(new Admission(SyntheticBeds.UnitId, PatientId)) == AdmissionOutcome.BedOccupied)
        {
            throw new InvalidOperationException($"The watchdog's bed '{PatientId}' is taken by another patient; is Watchdog:HostName '{host}' used by two api hosts?");
        }

        ImmutableArray<AlarmRuleOverride> rule =
        [
            new(VitalSign.SpO2, Low: Limit, LowPriority: AlarmPriority.Low, ConditionDelay: TimeSpan.Zero, Hysteresis: 0, LowTiers: []),
        ];
        if (!await patient.SetLimitsAsync(rule))
        {
            throw new InvalidOperationException("The watchdog's synthetic patient is not admitted.");
        }

        if (await grains.GetDevice(DeviceId).BindAsync(PatientId) == BindingOutcome.PatientNotAdmitted)
        {
            throw new InvalidOperationException("The watchdog's synthetic patient is not admitted.");
        }
    }

    /// <summary>Sends one SpO2 value as the synthetic device's batch <paramref name="sequence"/>; the grain's answer.</summary>
    public Task<IngestResult> SendAsync(long sequence, double spo2, DateTimeOffset at) =>
        grains.GetDevice(DeviceId).IngestAsync(new ReadingBatch(sequence, [new Reading(VitalSign.SpO2, spo2, at)]));

    /// <summary>The breaching value of probe <paramref name="probe"/>: 80 to 88, so that an alarm tells which probe raised it.</summary>
    public static double BreachOf(long probe) => 80 + (probe % 9);
}
