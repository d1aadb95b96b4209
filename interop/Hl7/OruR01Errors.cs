using System.Globalization;
using Monitoring.Vitals;

namespace Monitoring.Hl7;

/// <summary>
/// The ERR segments an ORU^R01's ACK carries about its OBX: those dated ahead of our clock (errors: the message
/// is refused whole), those skipped (warnings beside an AA, one per reason, with the OBX positions), and readings
/// measured before the device's binding. OBX are named by position among the message's OBX, as ERR-2 counts them.
/// </summary>
public static class OruR01Errors
{
    /// <summary>At most this many OBX are listed per ERR (and ERR segments for OBX ahead of the clock).</summary>
    public const int MaxListed = 20;

    /// <summary>One error per OBX dated ahead of our clock (at most <see cref="MaxListed"/>, then one for the rest).</summary>
    public static IReadOnlyList<Hl7Error> AheadOfClock(IReadOnlyList<ObservationAheadOfClock> ahead)
    {
        ArgumentNullException.ThrowIfNull(ahead);
        var tolerance = ReadingClock.FutureTolerance.TotalSeconds;
        var errors = ahead.Take(MaxListed).Select(obx => new Hl7Error(
            Hl7ErrorCodes.DataTypeError,
            Text($"OBX {obx.Position} is dated {obx.Skew.TotalSeconds:0} s ahead of our clock (its time from {obx.TimeField}; at most {tolerance:0} s allowed). The message was refused whole and nothing of it was stored; check the device's clock."),
            Hl7ErrorSeverity.Error,
            [obx.TimeField == "OBX-14" ? new Hl7ErrorLocation("OBX", obx.Position, 14) : new Hl7ErrorLocation("OBX", obx.Position)])).ToList();
        if (ahead.Count > MaxListed)
        {
            errors.Add(new Hl7Error(Hl7ErrorCodes.DataTypeError, Text($"{ahead.Count - MaxListed} more OBX are dated ahead of our clock.")));
        }

        return errors;
    }

    /// <summary>One warning per reason OBX were skipped; the containment tree (devices, channels) is structure, not data, and goes unmentioned.</summary>
    public static IReadOnlyList<Hl7Error> Skipped(IReadOnlyList<SkippedObservation> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        return [.. skipped
            .Where(s => s.Reason != SkipReason.Containment)
            .GroupBy(s => s.Reason)
            .OrderBy(g => g.Key)
            .Select(g => Warning(g.Key, [.. g.Select(s => s.Position)]))];
    }

    /// <summary>Readings measured before the device was bound: a warning when some were taken, an error when none was.</summary>
    public static Hl7Error BeforeBinding(int refused, bool noneTaken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refused);
        var readings = refused == 1 ? (noneTaken ? "The reading was" : "1 reading was") : Text($"{(noneTaken ? "All " : "")}{refused} readings were");
        return noneTaken
            ? new Hl7Error(
                Hl7ErrorCodes.UnknownKeyIdentifier,
                $"{readings} measured before the device was bound to its patient and may be the previous patient's; nothing was taken. Send readings measured since the binding.")
            : new Hl7Error(
                Hl7ErrorCodes.UnknownKeyIdentifier,
                $"{readings} measured before the device was bound to its patient and may be the previous patient's; not taken, the other readings were.",
                Hl7ErrorSeverity.Warning);
    }

    private static Hl7Error Warning(SkipReason reason, int[] positions)
    {
        var (code, field, why) = reason switch
        {
            SkipReason.ExcludedStatus => (Hl7ErrorCodes.TableValueNotFound, 11, "a result status (OBX-11) other than F, R, C, P, S, U or empty"),
            SkipReason.Waveform => (Hl7ErrorCodes.DataTypeError, 2, "a waveform (OBX-2 NA or MA), not a value"),
            SkipReason.UnknownCode => (Hl7ErrorCodes.TableValueNotFound, 3, "a code (OBX-3) that is not a vital sign we monitor"),
            SkipReason.SkinTemperature => (Hl7ErrorCodes.TableValueNotFound, 3, "skin temperature (MDC_TEMP_SKIN, 150388), which is never taken as body temperature"),
            SkipReason.NonNumeric => (Hl7ErrorCodes.DataTypeError, 5, "a value (OBX-5) that is not a plain finite number"),
            SkipReason.UnknownUnit => (Hl7ErrorCodes.TableValueNotFound, 6, "a unit (OBX-6) we cannot convert for that code"),
            SkipReason.BadTime => (Hl7ErrorCodes.DataTypeError, 0, "no valid time (OBX-14, else OBR-7, else MSH-7), or a local time the clocks skip at a daylight-saving change"),
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a reason to warn of."),
        };
        var listed = string.Join(", ", positions.Take(MaxListed));
        var more = positions.Length > MaxListed ? Text($" and {positions.Length - MaxListed} more") : "";
        return new Hl7Error(
            code,
            Text($"{positions.Length} OBX not taken: {why} (OBX {listed}{more})."),
            Hl7ErrorSeverity.Warning,
            [.. positions.Take(MaxListed).Select(p => new Hl7ErrorLocation("OBX", p, field == 0 ? null : field))]);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
