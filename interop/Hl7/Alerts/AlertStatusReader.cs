using Monitoring.Alarms;

namespace Monitoring.Hl7.Alerts;

/// <summary>
/// Reads an IHE PCD-05 Report Alert Status (<c>ORA^R41^ORA_R41</c>; the TF's Appendix B.1 still writes
/// <c>ORU^R41</c>, taken too) from the alarm manager. The alert is the one OBR-29.2 names (the TF's rule for
/// every message after the start), else OBR-3 (an alert identifier, or one of our update identifiers
/// <c>{alertId}#{n}</c>). Each PRT segment reports one status: PRT-3.2 the status (RECEIVED, DELIVERED, READ and the
/// person's call back or link followed, ACCEPTED and its kinds, REJECTED, UNDELIVERABLE, CANCELLED, COMPLETED), PRT-5 the person, PRT-10 the
/// person's device (else PRT-15, its telecom address), PRT-11 when.
/// </summary>
public static class AlertStatusReader
{
    public static AlertStatusMessage Read(Hl7Message message, AssumedTimeZone timesWithoutZone)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.TriggerEvent != "R41" || message.MessageCode is not ("ORA" or "ORU"))
        {
            return AlertStatusMessage.Refused(Hl7ErrorCodes.UnsupportedMessageType, $"Only ORA^R41 (IHE PCD-05) is taken here, not {message.MessageType}.", "MSH", 9);
        }

        if (message.FirstSegment("OBR") is not { } obr)
        {
            return AlertStatusMessage.Refused(Hl7ErrorCodes.RequiredFieldMissing, "An OBR naming the alert (OBR-29.2 or OBR-3) is required.", "OBR", 3);
        }

        var alertId = obr.Subcomponent(29, 2, 1) is { Length: > 0 } parent ? parent : AlertOf(obr.Component(3, 1));
        if (alertId.Length == 0)
        {
            return AlertStatusMessage.Refused(Hl7ErrorCodes.RequiredFieldMissing, "OBR-29.2 (the alert) or OBR-3 is required.", "OBR", 29);
        }

        var reports = new List<AlertStatusReport>();
        foreach (var prt in message.Segments("PRT"))
        {
            var word = prt.Component(3, 2);
            if (word.Length == 0)
            {
                return AlertStatusMessage.Refused(Hl7ErrorCodes.RequiredFieldMissing, "PRT-3.2 (the status) is required.", "PRT", 3);
            }

            if (StatusOf(word) is not { } status)
            {
                return AlertStatusMessage.Refused(Hl7ErrorCodes.TableValueNotFound,
                    $"PRT-3.2 '{word}' is not a status we know (RECEIVED, DELIVERED, READ, CALLBACKSTART, CALLBACKEND, ACTIONURI, ACCEPTED, ACCEPTEDPOSITIVE, ACCEPTEDNOTRELEVANT, ACCEPTEDFALSE, REJECTED, UNDELIVERABLE, CANCELLED, COMPLETED).", "PRT", 3);
            }

            var at = message.Header.Field(7);
            if (prt.Field(11) is { Length: > 0 } reported)
            {
                at = reported;
            }

            if (!Hl7DateTime.TryParse(at, timesWithoutZone, out var when))
            {
                return AlertStatusMessage.Refused(Hl7ErrorCodes.DataTypeError, $"PRT-11 '{at}' is not an HL7 date and time.", "PRT", 11);
            }

            reports.Add(new AlertStatusReport(status, Person(prt), Device(prt), when));
        }

        return reports.Count == 0
            ? AlertStatusMessage.Refused(Hl7ErrorCodes.RequiredFieldMissing, "A PRT segment with the status (PRT-3.2) is required.", "PRT", 3)
            : new AlertStatusMessage(alertId, reports, null);
    }

    /// <summary>The alert of an OBR-3 we wrote: an alert identifier, or an update identifier <c>{alertId}#{n}</c>.</summary>
    public static string AlertOf(string filler)
    {
        ArgumentNullException.ThrowIfNull(filler);
        var hash = filler.LastIndexOf('#');
        return hash > 0 && filler.AsSpan(hash + 1) is { Length: > 0 } n && int.TryParse(n, out _) ? filler[..hash] : filler;
    }

    private static DisseminationStatus? StatusOf(string word) => word.ToUpperInvariant() switch
    {
        "RECEIVED" => DisseminationStatus.Received,
        "DELIVERED" => DisseminationStatus.Delivered,
        "READ" or "CALLBACKSTART" or "CALLBACKEND" or "ACTIONURI" => DisseminationStatus.Read,
        "ACCEPTED" or "ACCEPTEDPOSITIVE" or "ACCEPTEDNOTRELEVANT" or "ACCEPTEDFALSE" or "COMPLETED" => DisseminationStatus.Accepted,
        "REJECTED" => DisseminationStatus.Rejected,
        "UNDELIVERABLE" => DisseminationStatus.Undeliverable,
        "CANCELLED" => DisseminationStatus.Cancelled,
        _ => null,
    };

    /// <summary>PRT-5 (XCN) in words: prefix, given and family name ("Dr Anna Berg"), else the person's id.</summary>
    private static string? Person(Hl7Segment prt)
    {
        var name = string.Join(' ', new[] { prt.Component(5, 6), prt.Component(5, 3), prt.Component(5, 2) }.Where(p => p.Length > 0));
        return name.Length > 0 ? name : prt.Component(5, 1) is { Length: > 0 } id ? id : null;
    }

    /// <summary>PRT-10 (the device's id), else PRT-15 (its number: XTN-12, or the PIN of XTN-7).</summary>
    private static string? Device(Hl7Segment prt) =>
        prt.Component(10, 1) is { Length: > 0 } id ? id
        : prt.Component(15, 12) is { Length: > 0 } number ? number
        : prt.Component(15, 7) is { Length: > 0 } pin ? pin : null;
}
