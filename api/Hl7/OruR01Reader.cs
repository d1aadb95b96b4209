using System.Globalization;
using Monitoring.Vitals;

namespace Monitoring.Api.Hl7;

/// <summary>
/// Reads the vital signs out of an IHE PCD-01 ORU^R01 message. Codes, statuses, units and values it does
/// not use are skipped and counted, never fatal; only a wrong message type, no OBX at all or no device
/// make the message unusable. Reads nothing from PID but PID-3.1.
/// </summary>
public static class OruR01Reader
{
    private static readonly string[] UsableStatuses = ["F", "R", "C", "P", "S", "U", ""];

    /// <summary>Reads <paramref name="message"/>; times without a zone are taken to be at <paramref name="assumedOffset"/>.</summary>
    public static OruR01Result Read(Hl7Message message, TimeSpan assumedOffset)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (assumedOffset.Ticks % TimeSpan.TicksPerMinute != 0 || assumedOffset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentOutOfRangeException(nameof(assumedOffset), assumedOffset, "An offset is whole minutes within 14 hours of UTC.");
        }

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
        int excluded = 0, waveforms = 0, unknownCodes = 0, nonNumeric = 0, unknownUnits = 0, badTimes = 0;
        Hl7Segment? order = null;
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

            var valueType = segment.Field(2).Trim();
            if (!UsableStatuses.Contains(segment.Field(11).Trim()))
            {
                excluded++;
            }
            else if (valueType is "NA" or "MA")
            {
                waveforms++;
            }
            else if (!MdcVitalCodes.TryGetSign(segment.Component(3, 1), segment.Component(3, 2), segment.Component(3, 3), out var sign))
            {
                unknownCodes++;
            }
            else if (!TryReadNumber(segment, valueType, out var value))
            {
                nonNumeric++;
            }
            else if (!MdcVitalCodes.TryConvert(sign, value, segment.Component(6, 1), segment.Component(6, 2), out var converted))
            {
                unknownUnits++;
            }
            else if (!TryReadTime(message.Header, order, segment, assumedOffset, out var at))
            {
                badTimes++;
            }
            else
            {
                readings.Add(new Reading(sign, converted, at));
            }
        }

        return new OruR01Result
        {
            DeviceId = deviceId,
            NamesOtherDevices = namesOtherDevices,
            PatientIdentifier = NullIfEmpty(message.Component("PID", 3, 1).Trim()),
            Readings = readings,
            ObservationCount = observationCount,
            Skipped = new SkippedObservations(excluded, waveforms, unknownCodes, nonNumeric, unknownUnits, badTimes),
        };
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

    /// <summary>OBX-14, else OBR-7 of the OBX's OBR, else MSH-7. A present but malformed time is not replaced by the next one.</summary>
    private static bool TryReadTime(Hl7Segment header, Hl7Segment? order, Hl7Segment observation, TimeSpan assumedOffset, out DateTimeOffset at)
    {
        var text = observation.Component(14, 1).Trim();
        if (text.Length == 0 && order is not null)
        {
            text = order.Component(7, 1).Trim();
        }

        if (text.Length == 0)
        {
            text = header.Component(7, 1).Trim();
        }

        at = default;
        return text.Length > 0 && Hl7DateTime.TryParse(text, assumedOffset, out at);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
