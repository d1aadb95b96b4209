namespace Monitoring.Alarms;

/// <summary>Hands out alarm numbers; kept in the patient's snapshot so numbers never repeat.</summary>
[GenerateSerializer, Alias("monitoring.alarm-counter")]
public sealed class AlarmCounter
{
    [Id(0)]
    public long LastNumber { get; set; }

    public long Next() => ++LastNumber;
}
