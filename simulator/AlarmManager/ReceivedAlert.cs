namespace Monitoring.Simulator.AlarmManager;

/// <summary>
/// A PCD-04 Report Alert as the simulated alarm manager took it: its message control id (MSH-10), the alert it
/// is about (OBR-29.2, or OBR-3 in a start message), its own OBR-3, the facets a manager acts on, and the text.
/// </summary>
public sealed record ReceivedAlert(
    string ControlId,
    string AlertId,
    string FillerId,
    string Phase,
    string Priority,
    string AlertType,
    string Event,
    string PatientId,
    string Unit,
    string Bed,
    string Text,
    DateTimeOffset ReceivedAt);
