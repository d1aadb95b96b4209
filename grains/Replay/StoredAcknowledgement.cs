namespace Monitoring.Replay;

/// <summary>A nurse's acknowledgement in the alarm history: of the patient's alarm of <paramref name="Code"/>, at <paramref name="At"/>.</summary>
public sealed record StoredAcknowledgement(DateTimeOffset At, string Code);
