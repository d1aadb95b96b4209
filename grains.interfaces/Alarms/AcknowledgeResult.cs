namespace Monitoring.Alarms;

/// <summary>The answer to an acknowledgement: the outcome and the alarm as it now is.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.acknowledge-result")]
public sealed record AcknowledgeResult(
    [property: Id(0)] AcknowledgeOutcome Outcome,
    [property: Id(1)] AlarmView? Alarm);
