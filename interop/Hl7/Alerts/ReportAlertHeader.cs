namespace Monitoring.Hl7.Alerts;

/// <summary>
/// What a PCD-04 message says of itself: the sending application (MSH-3, also the namespace of our alert
/// identifiers), the alarm manager's (MSH-5), the message control id (MSH-10) and when it was made (MSH-7, OBR-7).
/// </summary>
public sealed record ReportAlertHeader(string SendingApplication, string ReceivingApplication, string ControlId, DateTimeOffset MadeAt);
