namespace Monitoring.Api.Vitals;

/// <summary>
/// The answer to <c>GET /api/v1/patients/{patientId}/vitals</c>, oldest first, from <see cref="From"/> to
/// <see cref="To"/>: at <see cref="Resolution"/> <c>full</c> every stored reading (<see cref="Readings"/>),
/// at <c>minute</c> one row per sign and minute (<see cref="Minutes"/>). <see cref="Truncated"/> when there
/// were more than one answer holds.
/// </summary>
public sealed record VitalsHistory(
    string PatientId, DateTimeOffset From, DateTimeOffset To, string Resolution, IReadOnlyList<StoredReading> Readings, IReadOnlyList<MinuteTrend> Minutes, bool Truncated);
