using Monitoring.Alarms;

namespace Monitoring.Hl7.Alerts;

/// <summary>
/// One status the alarm manager reports of an alert in an IHE PCD-05 message (one PRT segment): its status, the
/// person it concerns (PRT-5, as written) and their device (PRT-10, else PRT-15), and when (PRT-11).
/// </summary>
public sealed record AlertStatusReport(DisseminationStatus Status, string? Recipient, string? Device, DateTimeOffset At);
