using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.Devices;
using Monitoring.Ingestion;
using Monitoring.News2;
using Monitoring.Patients;
using Monitoring.Push;
using Monitoring.Units;
using Monitoring.UnitTests.Alarms;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Compatibility;

/// <summary>
/// One realistic value of every type that is stored as grain state or crosses between silos and api
/// hosts in a grain call. Their bytes, recorded at each release, are what a silo of the next release
/// must still read (stored snapshots, and calls from silos not yet upgraded).
/// </summary>
internal static class WireSamples
{
    /// <summary>
    /// Types that cross the wire but have no recorded sample, and why. Grain references (observers)
    /// need a running cluster to be read back; the registry that holds them is rebuilt by the api
    /// hosts every few seconds, so nothing of it needs to survive an upgrade.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, string> Exempt = new Dictionary<Type, string>
    {
        [typeof(IMonitoringPushObserver)] = "a grain reference",
        [typeof(Monitoring.Push.PushHubRegistryState)] = "holds grain references; re-registered by every api host within seconds",
    };

    /// <summary>
    /// Members of a recording that are computed from this release's code rather than read from the bytes, and
    /// why they may differ: a unit stores its changes to the defaults, and its policy lays them over the
    /// defaults of the release that reads it (tiers added, the pulse-rate rule folded into heart rate).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Derived = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["unit-state:$.Policy"] = "the unit's overrides laid over the reading release's default rules",
    };

    public static IReadOnlyDictionary<string, object> All { get; } = Build();

    private static Dictionary<string, object> Build()
    {
        // A patient with an acknowledged high-priority alarm, an escalated one and a pending condition.
        var ward = new Ward();
        ward.Reads((VitalSign.SystolicPressure, 80.0), (VitalSign.HeartRate, 135.0), (VitalSign.SpO2, 91.0), (VitalSign.RespirationRate, 22.0), (VitalSign.Temperature, 38.4));
        ward.Acknowledge("sbp-low");
        ward.After(200).Reads((VitalSign.SpO2, 84.0));
        var alarms = ward.Monitor.OpenAlarms.Select(a => a.ToView("p-1", "icu", "1")).ToImmutableArray();
        var patient = ward.State;
        patient.LimitOverrides.Add(new AlarmRuleOverride(VitalSign.HeartRate, High: 140, HighPriority: AlarmPriority.Medium));
        patient.LimitOverrides.Add(new AlarmRuleOverride(VitalSign.SpO2, LowTiers: [new AlarmLimit("spo2-desat", LimitSide.Low, 85, AlarmPriority.High, TimeSpan.Zero, 2)], HighTiers: []));
        patient.LastCompleteNews2Band = News2Band.Medium;
        patient.UnitPolicyVersion = 3;
        patient.HistoryOutbox.Add(new AlarmHistoryEntry("p-1/1/raised", alarms[0], null, "raised", null, ward.Now, "0af7651916cd43dd8448eb211c80319c"));
        var vitals = patient.Latest.ToImmutableDictionary(kv => kv.Key.ToString(), kv => kv.Value);

        var device = new DeviceState { PatientId = "p-1", LastHeardAt = ward.Now, ReportedSilent = true, BoundAt = ward.Now.AddMinutes(-5) };
        device.Delivered.Add(41);
        device.Delivered.Add(42);

        var unit = new UnitState { EscalationWindow = TimeSpan.FromSeconds(90), EscalateMedium = true, PolicyVersion = 3 };
        unit.PatientByBed["1"] = "p-1";
        unit.PatientByBed["2"] = "p-2";
        unit.UnconfirmedPatients.Add("p-2");
        unit.RuleOverrides.Add(new AlarmRuleOverride(VitalSign.SpO2, Low: 88, ConditionDelay: TimeSpan.FromSeconds(15), Hysteresis: 1));

        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["patient-state"] = patient,
            ["device-state"] = device,
            ["unit-state"] = unit,
            ["readings"] = ImmutableArray.Create(new Reading(VitalSign.Consciousness, 1, ward.Now), new Reading(VitalSign.DiastolicPressure, 55, ward.Now)),
            ["rule-overrides"] = ImmutableArray.Create(new AlarmRuleOverride(VitalSign.HeartRate, 40, 150, AlarmPriority.High, AlarmPriority.Medium, TimeSpan.FromSeconds(10), 2)),
            ["reading-batch"] = new ReadingBatch(42, [new Reading(VitalSign.HeartRate, 72, ward.Now), new Reading(VitalSign.SpO2, 97, ward.Now)], HoldsBackOthers: true),
            ["ingest-result"] = new IngestResult(IngestOutcome.Accepted, 2, RefusedBeforeBinding: 1),
            ["admission"] = new Admission("icu", "1"),
            ["patient-view"] = new PatientView("p-1", "icu", "1", vitals, alarms, ["dev-1"], ward.Monitor.LatestNews2),
            ["acknowledge-result"] = new AcknowledgeResult(AcknowledgeOutcome.Acknowledged, alarms[0]),
            ["alarm-view"] = alarms[0] with { Dissemination = new AlarmDissemination(DisseminationStatus.Read, "Dr Anna Berg", "PAGER-4711", ward.Now) },
            ["alarm-dissemination"] = new AlarmDissemination(DisseminationStatus.Undeliverable, null, null, ward.Now),
            ["alarm-rules"] = UnitAlarmPolicy.Default.Rules,
            ["unit-policy"] = unit.Policy,
            ["unit-policy-change"] = new UnitPolicyChange([new AlarmRuleOverride(VitalSign.HeartRate, Low: 45)], TimeSpan.FromMinutes(2), false),
            ["patient-alarm-settings"] = new PatientAlarmSettings([new AlarmRuleOverride(VitalSign.SpO2, Low: 88, ConditionDelay: TimeSpan.FromSeconds(15))], 2),
            ["bed-occupancy"] = new BedOccupancy("1", "p-1"),
            ["push-batch"] = new PushBatch([new VitalsUpdate("p-1", "icu", "1", vitals, News2Summary.Of(ward.Monitor.LatestNews2))], alarms, [alarms[^1]]),
            ["binding-outcome"] = BindingOutcome.Bound,
            ["admission-outcome"] = AdmissionOutcome.Moved,
            ["record-outcome"] = RecordOutcome.Busy,
            ["storage-unavailable"] = new Monitoring.Storage.StorageUnavailableException(),
            ["watchdog-host-status"] = new Monitoring.Watchdog.WatchdogHostStatus(
                "api-2", true, new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero), "Alarms to api-2 are late or missing.", new DateTimeOffset(2026, 12, 7, 15, 0, 10, TimeSpan.Zero)),
        };
    }
}
