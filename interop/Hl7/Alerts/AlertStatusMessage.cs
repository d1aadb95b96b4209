namespace Monitoring.Hl7.Alerts;

/// <summary>
/// An IHE PCD-05 Report Alert Status read: the alert it is about (the identifier our PCD-04 gave it) and each
/// status it reports, in order; or why it cannot be taken (<see cref="Error"/>, with the HL7 error code and
/// the field).
/// </summary>
public sealed record AlertStatusMessage(string? AlertId, IReadOnlyList<AlertStatusReport> Reports, Hl7Error? Error)
{
    public static AlertStatusMessage Refused(string code, string text, string segment, int field) =>
        new(null, [], new Hl7Error(code, text, Locations: [new Hl7ErrorLocation(segment, 1, field)]));
}
