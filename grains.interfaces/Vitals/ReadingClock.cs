namespace Monitoring.Vitals;

/// <summary>
/// The one clock rule of every way in (JSON, FHIR, HL7): a reading dated further ahead of our clock than
/// <see cref="FutureTolerance"/> is refused. Taken, it would become the latest value and hide every
/// current reading after it. A device that sends one raises the technical alarm <c>device-clock</c>.
/// </summary>
public static class ReadingClock
{
    /// <summary>
    /// Devices synchronised by NTP (IHE Consistent Time) are within a second; 30 s leaves room for a
    /// gateway's own clock without letting a wrong clock freeze a tile for long.
    /// </summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromSeconds(30);

    /// <summary>How far <paramref name="measuredAt"/> lies ahead of <paramref name="now"/> beyond the tolerance, or null when it is acceptable.</summary>
    public static TimeSpan? SkewBeyondTolerance(DateTimeOffset measuredAt, DateTimeOffset now) =>
        measuredAt - now is var ahead && ahead > FutureTolerance ? ahead : null;
}
