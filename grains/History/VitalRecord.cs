namespace Monitoring.History;

/// <summary>One accepted reading on its way to the vitals history.</summary>
public readonly record struct VitalRecord(
    string PatientId,
    string Source,
    string Code,
    double Value,
    DateTimeOffset MeasuredAt,
    bool Plausible,
    DateTimeOffset ReceivedAt);
