namespace Monitoring.Alarms;

/// <summary>
/// The latest report of the alarm communication manager about an alarm (IHE PCD-05): its status, who has it
/// (<paramref name="Recipient"/>, as the manager names the person) on which device, and when.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarm-dissemination")]
public sealed record AlarmDissemination(
    [property: Id(0)] DisseminationStatus Status,
    [property: Id(1)] string? Recipient,
    [property: Id(2)] string? Device,
    [property: Id(3)] DateTimeOffset At)
{
    /// <summary>A person has the alarm: delivered, read or accepted.</summary>
    public bool ReachedSomeone => Status is DisseminationStatus.Delivered or DisseminationStatus.Read or DisseminationStatus.Accepted;

    /// <summary>Nobody has it and nobody will from this dissemination: undeliverable, or declined.</summary>
    public bool Failed => Status is DisseminationStatus.Undeliverable or DisseminationStatus.Rejected;
}
