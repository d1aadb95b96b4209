namespace Monitoring.Alarms;

/// <summary>A patient's open alarms and the breaches waiting out their delay; kept in the patient's snapshot.</summary>
[GenerateSerializer, Alias("monitoring.alarm-book")]
public sealed class AlarmBook
{
    [Id(0)]
    public List<Alarm> Open { get; set; } = [];

    [Id(1)]
    public Dictionary<string, PendingCondition> Pending { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public AlarmCounter Counter { get; set; } = new();

    /// <summary>
    /// Ladders whose deepest alarm has just ended by acknowledgement: a shallower tier that still holds
    /// takes over at once when next observed, without waiting out its delay again.
    /// </summary>
    [Id(3)]
    public HashSet<string> Handoffs { get; set; } = new(StringComparer.Ordinal);
}
