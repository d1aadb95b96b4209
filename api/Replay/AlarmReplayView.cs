using System.Text.Json;

namespace Monitoring.Api.Replay;

/// <summary>A what-if replay as the api answers it: the request, how far it has got, and what it found.</summary>
/// <param name="Status">queued, running, done or failed.</param>
/// <param name="Limits">The proposal's limits as the admin wrote them.</param>
/// <param name="Outcome">When done: totals, per condition, and the high-priority alarms the proposal delays or loses (docs/alarm-replay.md).</param>
public sealed record AlarmReplayView(
    Guid ReplayId,
    string UnitId,
    string? PatientId,
    DateTimeOffset From,
    DateTimeOffset To,
    double FlagDelaySeconds,
    JsonElement Limits,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string Status,
    AlarmReplayProgress Progress,
    JsonElement? Outcome,
    string? Error,
    AlarmReplayApplied? Applied);

/// <summary>Patients replayed of those in the period (null until counted), stored batches read, and how long it took when done.</summary>
public sealed record AlarmReplayProgress(int? Patients, int PatientsDone, long BatchesRead, double? Seconds);

/// <summary>When, by whom and why the proposal was applied.</summary>
public sealed record AlarmReplayApplied(DateTimeOffset At, string By, string? Reason);
