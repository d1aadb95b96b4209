using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>One set of rounded vitals as a bedside monitor would display them.</summary>
public sealed record VitalSignsSnapshot(
    int HeartRate, int SpO2, int RespiratoryRate, int Systolic, int Diastolic, double Temperature)
{
    /// <summary>Mean arterial pressure as a non-invasive cuff reports it: diastolic plus a third of the pulse pressure.</summary>
    public int Mean => (int)Math.Round(Diastolic + ((Systolic - Diastolic) / 3.0), MidpointRounding.AwayFromZero);

    public IReadOnlyList<Reading> ToReadings(DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return
        [
            new Reading("hr", HeartRate, stamp),
            new Reading("spo2", SpO2, stamp),
            new Reading("rr", RespiratoryRate, stamp),
            new Reading("sbp", Systolic, stamp),
            new Reading("dbp", Diastolic, stamp),
            new Reading("temp", Temperature, stamp),
        ];
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"HR {HeartRate} SpO2 {SpO2} RR {RespiratoryRate} BP {Systolic}/{Diastolic} T {Temperature:0.0}");
}
