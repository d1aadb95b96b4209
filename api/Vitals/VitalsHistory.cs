namespace Monitoring.Api.Vitals;

/// <summary>
/// The answer to <c>GET /api/v1/patients/{patientId}/vitals</c>: the stored readings from <see cref="From"/> to
/// <see cref="To"/>, oldest first; <see cref="Truncated"/> when there were more than one answer holds.
/// </summary>
public sealed record VitalsHistory(string PatientId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StoredReading> Readings, bool Truncated);
