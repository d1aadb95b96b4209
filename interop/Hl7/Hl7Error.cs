namespace Monitoring.Hl7;

/// <summary>
/// One ERR segment of an ACK: the table 0357 code (ERR-3, e.g. <see cref="Hl7ErrorCodes.DataTypeError"/>), a text
/// for the people who run the sender (ERR-8; never patient data), the severity (ERR-4) and where in the received
/// message the problem lies (ERR-2, repeated; none for the message as a whole).
/// </summary>
public sealed record Hl7Error(string Code, string Text, Hl7ErrorSeverity Severity = Hl7ErrorSeverity.Error, IReadOnlyList<Hl7ErrorLocation>? Locations = null);
