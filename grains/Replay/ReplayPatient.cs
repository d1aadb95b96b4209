namespace Monitoring.Replay;

/// <summary>A patient of the unit in the period: their bed, and the part of the period they were there (admission to discharge).</summary>
public sealed record ReplayPatient(string PatientId, string Bed, DateTimeOffset From, DateTimeOffset To);
