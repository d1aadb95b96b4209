using System.Globalization;
using Monitoring.Vitals;

namespace Monitoring.Hl7;

/// <summary>
/// Reads the vital signs out of an IHE PCD-01 ORU^R01 message. Codes, statuses, units and values it does
/// not use are skipped and counted, never fatal; only a wrong message type, no OBX at all or no device
/// make the message unusable. An OBX that would give a reading but is dated beyond
/// <see cref="ReadingClock.FutureTolerance"/> ahead of our clock is listed in <see cref="OruR01Result.AheadOfClock"/>
/// (the message is then refused whole). Reads nothing from PID but PID-3.1.
/// </summary>
public static class OruR01Reader
{
    private static readonly string[] UsableStatuses = ["F", "R", "C", "P", "S", "U", ""];

    /// <summary>Reads <paramref name="message"/> at <paramref name="now"/>; times without a zone are read in <paramref name="assumedZone"/>.</summary>
    public static OruR01Result Read(Hl7Message message, AssumedTimeZone assumedZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(assumedZone);
        if (message.MessageCode != "ORU" || message.TriggerEvent != "R01")
        {
            var type = message.MessageType;
            var quoted = type.Length is > 0 and <= 20 && !type.Any(char.IsControl) ? $"'{type}'" : "another type";
            return OruR01Result.Failed(OruR01ErrorKind.WrongMessageType, $"Expected ORU^R01, got {quoted}.");
        }

        var observationCount = message.Segments("OBX").Count();
        if (observationCount == 0)
        {
            return OruR01Result.Failed(OruR01ErrorKind.NoObservations, "The message has no OBX segment.");
        }

        var (deviceId, namesOtherDevices) = FindDevice(message);
        if (deviceId is null)
        {
            return OruR01Result.Failed(
                OruR01ErrorKind.NoDevice, "No EUI-64 device id in OBX-18, OBR-3 or MSH-3.", observationCount);
        }

        var readings = new List<Reading>();
        var skipped = new List<SkippedObservation>();
        var ahead = new List<ObservationAheadOfClock>();
        Hl7Segment? order = null;
        var position = 0;
        foreach (var segment in message.AllSegments)
        {
            if (segment.Id == "OBR")
            {
                order = segment;
                continue;
            }

            if (segment.Id != "OBX")
            {
                continue;
            }

            position++;
            var (reading, reason, timeField) = Read(message.Header, order, segment, assumedZone);
            if (reason is { } skip)
            {
                skipped.Add(new SkippedObservation(position, skip));
            }
            else if (ReadingClock.SkewBeyondTolerance(reading!.At, now) is { } skew)
            {
                ahead.Add(new ObservationAheadOfClock(position, timeField, skew));
            }
            else
            {
                readings.Add(reading);
            }
        }

        return new OruR01Result
        {
            DeviceId = deviceId,
            NamesOtherDevices = namesOtherDevices,
            PatientIdentifier = NullIfEmpty(message.Component("PID", 3, 1).Trim()),
            Readings = readings,
            ObservationCount = observationCount,
            SkippedAt = skipped,
            Skipped = SkippedObservations.Of(skipped),
            AheadOfClock = ahead,
        };
    }

    /// <summary>One OBX: its reading and the field its time came from, or why it gives none.</summary>
    private static (Reading? Reading, SkipReason? Skipped, string TimeField) Read(Hl7Segment header, Hl7Segment? order, Hl7Segment observation, AssumedTimeZone assumedZone)
    {
        var valueType = observation.Field(2).Trim();
        if (valueType.Length == 0 && observation.Field(5).Trim().Length == 0)
        {
            return (null, SkipReason.Containment, "");
        }

        if (!UsableStatuses.Contains(observation.Field(11).Trim()))
        {
            return (null, SkipReason.ExcludedStatus, "");
        }

        if (valueType is "NA" or "MA")
        {
            return (null, SkipReason.Waveform, "");
        }

        var (code, mnemonic, system) = (observation.Component(3, 1), observation.Component(3, 2), observation.Component(3, 3));
        if (!MdcVitalCodes.TryGetSign(code, mnemonic, system, out var sign))
        {
            return (null, MdcVitalCodes.IsSkinTemperature(code, mnemonic, system) ? SkipReason.SkinTemperature : SkipReason.UnknownCode, "");
        }

        if (!TryReadNumber(observation, valueType, out var value))
        {
            return (null, SkipReason.NonNumeric, "");
        }

        if (!MdcVitalCodes.TryConvert(sign, value, observation.Component(6, 1), observation.Component(6, 2), out var converted))
        {
            return (null, SkipReason.UnknownUnit, "");
        }

        var (text, field) = TimeOf(header, order, observation);
        return text.Length > 0 && Hl7DateTime.TryParse(text, assumedZone, out var at)
            ? (new Reading(sign, converted, at), null, field)
            : (null, SkipReason.BadTime, field);
    }

    /// <summary>The first EUI-64 in an OBX-18 (any repetition), else in an OBR-3, else in MSH-3.</summary>
    private static (string? DeviceId, bool NamesOthers) FindDevice(Hl7Message message)
    {
        string? first = null;
        var others = false;
        foreach (var observation in message.Segments("OBX"))
        {
            var id = observation.RawRepetitions(18)
                .Select(repetition => Eui64.FromEntityIdentifier(repetition, message.Delimiters))
                .FirstOrDefault(id => id is not null);
            if (id is not null)
            {
                first ??= id;
                others |= id != first;
            }
        }

        first ??= message.Segments("OBR")
            .Select(order => Eui64.FromEntityIdentifier(order.RawRepetitions(3) is [var id, ..] ? id : "", message.Delimiters))
            .FirstOrDefault(id => id is not null);
        return (first ?? Eui64.FromHierarchicDesignator(message.Header, 3), others);
    }

    /// <summary>OBX-5 (first repetition) of an NM, of an ST holding a number, or of an SN that is a plain number (<c>^80</c>, <c>=^80</c>).</summary>
    private static bool TryReadNumber(Hl7Segment observation, string valueType, out double value)
    {
        value = double.NaN;
        var text = valueType switch
        {
            "NM" or "ST" => observation.Field(5),
            "SN" when observation.Component(5, 1).Trim() is "" or "=" && observation.Component(5, 3).Length == 0
                && observation.Component(5, 4).Length == 0 => observation.Component(5, 2),
            _ => null,
        };
        const NumberStyles Styles = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
            | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        return text is not null && double.TryParse(text, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>OBX-14, else OBR-7 of the OBX's OBR, else MSH-7, and which of them. A present but malformed time is not replaced by the next one.</summary>
    private static (string Text, string Field) TimeOf(Hl7Segment header, Hl7Segment? order, Hl7Segment observation)
    {
        var text = observation.Component(14, 1).Trim();
        if (text.Length > 0)
        {
            return (text, "OBX-14");
        }

        text = order?.Component(7, 1).Trim() ?? "";
        return text.Length > 0 ? (text, "OBR-7") : (header.Component(7, 1).Trim(), "MSH-7");
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
