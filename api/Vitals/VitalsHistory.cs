namespace Monitoring.Api.Vitals;

/// <summary>
/// The answer to <c>GET /api/v1/patients/{patientId}/vitals</c>, oldest first, from <see cref="From"/> to
/// <see cref="To"/>: at <see cref="Resolution"/> <c>full</c> every stored reading (<see cref="Readings"/>),
/// at <c>minute</c> from the minute trends, one point per sign and <see cref="MinutesPerPoint"/> minutes
/// (<see cref="Minutes"/>; <see cref="TrendStep"/>). <see cref="Truncated"/> when there were more than one
/// answer holds.
/// </summary>
/// <param name="MinutesPerPoint">At <c>minute</c>, the minutes each point covers (1 up to a day's range); none at <c>full</c>.</param>
public sealed record VitalsHistory(
    string PatientId, DateTimeOffset From, DateTimeOffset To, string Resolution, IReadOnlyList<StoredReading> Readings, IReadOnlyList<MinuteTrend> Minutes, bool Truncated,
    int? MinutesPerPoint);
