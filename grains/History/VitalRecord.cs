using System.Collections.Immutable;
using Monitoring.Vitals;

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

/// <summary>Readings as the vitals history stores them.</summary>
public static class VitalRecords
{
    /// <summary>A device's readings (source <c>device:{id}</c>), or a nurse's entry when <paramref name="deviceId"/> is null.</summary>
    public static VitalRecord[] Of(string patientId, string? deviceId, ImmutableArray<Reading> readings, DateTimeOffset receivedAt)
    {
        var source = deviceId is null ? "entered" : "device:" + deviceId;
        var records = new VitalRecord[readings.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            var (reading, info) = (readings[i], VitalSignCatalog.Get(readings[i].Sign));
            records[i] = new VitalRecord(patientId, source, info.Code, reading.Value, reading.At, !info.IsMeasured || info.IsPlausible(reading.Value), receivedAt);
        }

        return records;
    }
}
