using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// One set of rounded vitals as a bedside monitor would display them. SpO2 is missing while the oximeter's probe is
/// off; <see cref="PulseRate"/> (the oximeter's, beside the ECG's heart rate) is sent only by beds with noise
/// (<see cref="Noise.SignalNoise"/>), and is missing while the probe is off.
/// </summary>
public sealed record VitalSignsSnapshot(
    int HeartRate, int? SpO2, int RespiratoryRate, int Systolic, int Diastolic, double Temperature, int? PulseRate = null)
{
    /// <summary>Mean arterial pressure as a non-invasive cuff reports it: diastolic plus a third of the pulse pressure.</summary>
    public int Mean => (int)Math.Round(Diastolic + ((Systolic - Diastolic) / 3.0), MidpointRounding.AwayFromZero);

    public IReadOnlyList<Reading> ToReadings(DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var readings = new List<Reading>(7) { new("hr", HeartRate, stamp) };
        if (PulseRate is { } pulseRate)
        {
            readings.Add(new Reading("pr", pulseRate, stamp));
        }

        if (SpO2 is { } spO2)
        {
            readings.Add(new Reading("spo2", spO2, stamp));
        }

        readings.Add(new Reading("rr", RespiratoryRate, stamp));
        readings.Add(new Reading("sbp", Systolic, stamp));
        readings.Add(new Reading("dbp", Diastolic, stamp));
        readings.Add(new Reading("temp", Temperature, stamp));
        return readings;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"HR {HeartRate}{(PulseRate is { } pr ? $" PR {pr}" : "")} SpO2 {(SpO2 is { } spO2 ? spO2 : "--")} RR {RespiratoryRate} BP {Systolic}/{Diastolic} T {Temperature:0.0}");
}
