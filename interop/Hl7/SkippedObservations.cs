namespace Monitoring.Hl7;

/// <summary>
/// How many OBX segments of an ORU^R01 gave no reading, by the first reason found (see <see cref="SkipReason"/>
/// for the order). Each OBX is counted once.
/// </summary>
/// <param name="ExcludedStatus">OBX-11 other than F, R, C, P, S, U or empty (X, D and W in particular).</param>
/// <param name="Waveforms">OBX-2 NA or MA: sample arrays, not values.</param>
/// <param name="UnknownCodes">OBX-3 is not one of <see cref="MdcVitalCodes"/>.</param>
/// <param name="NonNumeric">OBX-2 not NM, SN or ST, or OBX-5 not a plain number.</param>
/// <param name="UnknownUnits">OBX-6 names no unit we can convert for that code.</param>
/// <param name="BadTimes">The time that applies (OBX-14, else OBR-7, else MSH-7) is missing, malformed or skipped by the clocks.</param>
/// <param name="SkinTemperature">MDC_TEMP_SKIN: never a body temperature.</param>
/// <param name="Containment">Devices, channels and groups of the containment tree (no type, no value): not measurements.</param>
public sealed record SkippedObservations(
    int ExcludedStatus,
    int Waveforms,
    int UnknownCodes,
    int NonNumeric,
    int UnknownUnits,
    int BadTimes,
    int SkinTemperature = 0,
    int Containment = 0)
{
    /// <summary>No OBX skipped.</summary>
    public static SkippedObservations None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>All skipped OBX.</summary>
    public int Total => ExcludedStatus + Waveforms + UnknownCodes + NonNumeric + UnknownUnits + BadTimes + SkinTemperature + Containment;

    /// <summary>The counts of a list of skipped OBX.</summary>
    public static SkippedObservations Of(IEnumerable<SkippedObservation> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var counts = skipped.CountBy(s => s.Reason).ToDictionary();
        int Count(SkipReason reason) => counts.GetValueOrDefault(reason);
        return new(
            Count(SkipReason.ExcludedStatus),
            Count(SkipReason.Waveform),
            Count(SkipReason.UnknownCode),
            Count(SkipReason.NonNumeric),
            Count(SkipReason.UnknownUnit),
            Count(SkipReason.BadTime),
            Count(SkipReason.SkinTemperature),
            Count(SkipReason.Containment));
    }
}
