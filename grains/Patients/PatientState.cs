using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Patients;

/// <summary>A patient's snapshot: where they lie, their latest vitals and their open alarms.</summary>
[GenerateSerializer, Alias("monitoring.patient-state")]
public sealed class PatientState
{
    [Id(0)]
    public string? UnitId { get; set; }

    [Id(1)]
    public string? Bed { get; set; }

    [Id(2)]
    public DateTimeOffset? AdmittedAt { get; set; }

    [Id(3)]
    public Dictionary<VitalSign, VitalValue> Latest { get; set; } = [];

    [Id(4)]
    public List<Alarm> OpenAlarms { get; set; } = [];

    [Id(5)]
    public AlarmCounter AlarmCounter { get; set; } = new();

    [Id(6)]
    public HashSet<string> Devices { get; set; } = [];

    public bool IsAdmitted => UnitId is not null && Bed is not null;
}
