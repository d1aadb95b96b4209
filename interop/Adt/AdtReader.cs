using Monitoring.Hl7;

namespace Monitoring.Adt;

/// <summary>
/// Reads an ADT message (HL7 v2.5 chapter 3: MSH, EVN, PID, PV1) into an <see cref="AdtEvent"/>, or says why it
/// is refused: AR for a message we do not take (not ADT, a trigger not in <see cref="AdtTrigger"/>, not v2, not
/// production), AE for one we take whose content is wrong (a required field missing, 101; a field that cannot be
/// read, 102), each with ERR-2 naming the field. Takes from PID only the identifier of the configured type; names,
/// birth dates and other identifiers are never read, so never kept or logged.
/// </summary>
public static class AdtReader
{
    public static AdtReadResult Read(Hl7Message message, AdtPatientIdentifier identifier, AssumedTimeZone assumedZone)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(assumedZone);
        if (message.MessageCode != "ADT")
        {
            return AdtReadResult.Refused(AckCode.AR, Hl7ErrorCodes.UnsupportedMessageType, $"Only ADT messages are taken here, not {Quoted(message.MessageType)}.", "MSH", 9);
        }

        if (!Enum.TryParse<AdtTrigger>(message.TriggerEvent, ignoreCase: false, out var trigger) || !Enum.IsDefined(trigger) || message.TriggerEvent.Length != 3)
        {
            return AdtReadResult.Refused(AckCode.AR, Hl7ErrorCodes.UnsupportedEventCode,
                $"ADT trigger {Quoted(message.TriggerEvent)} is not taken; taken are A01, A02, A03, A04, A08, A11, A12 and A13.", "MSH", 9);
        }

        if (!message.Version.StartsWith("2.", StringComparison.Ordinal))
        {
            return AdtReadResult.Refused(AckCode.AR, Hl7ErrorCodes.UnsupportedVersionId, "Only HL7 version 2 messages (MSH-12 2.x) are taken here.", "MSH", 12);
        }

        if (message.Header.Component(11, 1) != "P")
        {
            return AdtReadResult.Refused(AckCode.AR, Hl7ErrorCodes.UnsupportedProcessingId,
                "Only production messages (MSH-11 P) change where patients are; training and debugging ones are refused.", "MSH", 11);
        }

        if (message.ControlId.Trim().Length == 0)
        {
            return AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "MSH-10 (message control id) is required.", "MSH", 10);
        }

        var (effectiveAt, timeError) = ReadTime(message, assumedZone);
        if (timeError is not null)
        {
            return timeError;
        }

        var (patientId, patientError) = ReadPatient(message, identifier);
        if (patientError is not null)
        {
            return patientError;
        }

        var (location, prior, locationError) = ReadLocations(message, trigger);
        return locationError ?? AdtReadResult.Read(new AdtEvent(
            trigger, patientId!, location, prior, effectiveAt!.Value, $"{message.SendingApplication}|{message.SendingFacility}", message.ControlId.Trim()));
    }

    /// <summary>EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7; a present but unreadable one is an error, not skipped.</summary>
    private static (DateTimeOffset? At, AdtReadResult? Error) ReadTime(Hl7Message message, AssumedTimeZone assumedZone)
    {
        var header = message.Header.Component(7, 1).Trim();
        if (header.Length == 0)
        {
            return (null, AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "MSH-7 (date/time of message) is required.", "MSH", 7));
        }

        DateTimeOffset? at = null;
        foreach (var (segment, field, text) in new[] { ("EVN", 6, message.Component("EVN", 6, 1).Trim()), ("EVN", 2, message.Component("EVN", 2, 1).Trim()), ("MSH", 7, header) })
        {
            if (text.Length == 0)
            {
                continue;
            }

            if (!Hl7DateTime.TryParse(text, assumedZone, out var value))
            {
                return (null, AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.DataTypeError, $"{segment}-{field} is not an HL7 date/time (YYYYMMDDHHMM[SS][+ZZZZ]).", segment, field));
            }

            at ??= value;
        }

        return (at, null);
    }

    /// <summary>The CX-1 of the first PID-3 repetition whose CX-5 (and CX-4.1, when configured) match.</summary>
    private static (string? PatientId, AdtReadResult? Error) ReadPatient(Hl7Message message, AdtPatientIdentifier identifier)
    {
        if (message.FirstSegment("PID") is not { } pid)
        {
            return (null, AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "The PID segment is required.", "PID"));
        }

        var wanted = identifier.AssigningAuthority is { Length: > 0 } authority ? $"{identifier.TypeCode} assigned by {authority}" : identifier.TypeCode;
        for (var repetition = 1; repetition <= Math.Max(1, pid.RepetitionCount(3)); repetition++)
        {
            if (pid.Component(3, 5, repetition).Trim() != identifier.TypeCode
                || (identifier.AssigningAuthority is { Length: > 0 } required && pid.Subcomponent(3, 4, 1, repetition).Trim() != required))
            {
                continue;
            }

            var id = pid.Component(3, 1, repetition).Trim();
            return Identifiers.IsValid(id)
                ? (id, null)
                : (null, AdtReadResult.Refused(AckCode.AE, id.Length == 0 ? Hl7ErrorCodes.RequiredFieldMissing : Hl7ErrorCodes.DataTypeError,
                    $"PID-3 identifier of type {wanted} must be 1 to 64 letters, digits, '.', '_', '-' or ':' (CX-1).", "PID", 3));
        }

        return (null, AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, $"PID-3 has no patient identifier of type {wanted} (CX-5), the type this system is configured to key patients by.", "PID", 3));
    }

    /// <summary>PV1-3 and PV1-6; PV1-3 is required where the event puts the patient somewhere new (A01, A02).</summary>
    private static (AdtLocation? Location, AdtLocation? Prior, AdtReadResult? Error) ReadLocations(Hl7Message message, AdtTrigger trigger)
    {
        var visit = message.FirstSegment("PV1");
        var location = visit is null ? null : LocationOf(visit, 3);
        if (location is null && trigger is AdtTrigger.A01 or AdtTrigger.A02)
        {
            return (null, null, AdtReadResult.Refused(AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing,
                $"PV1-3 (assigned patient location, at least its point of care) is required in an {trigger}.", "PV1", 3));
        }

        return (location, visit is null ? null : LocationOf(visit, 6), null);
    }

    private static AdtLocation? LocationOf(Hl7Segment visit, int field)
    {
        var pointOfCare = visit.Component(field, 1).Trim();
        return pointOfCare.Length == 0
            ? null
            : new AdtLocation(pointOfCare, visit.Component(field, 2).Trim(), visit.Component(field, 3).Trim(), visit.Subcomponent(field, 4, 1).Trim());
    }

    private static string Quoted(string text) => text.Length is > 0 and <= 20 && !text.Any(char.IsControl) ? $"'{text}'" : "another";
}
