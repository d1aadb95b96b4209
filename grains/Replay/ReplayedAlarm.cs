using Monitoring.Alarms;

namespace Monitoring.Replay;

/// <summary>A physiological alarm as raised: stored in the alarm history, or raised by a replay.</summary>
/// <param name="EndedAt">When it ended (resolved, superseded by a deeper tier); null when still open at the end.</param>
public sealed record ReplayedAlarm(string PatientId, string Bed, string Code, AlarmPriority Priority, DateTimeOffset RaisedAt, DateTimeOffset? EndedAt = null);
