namespace Monitoring.Alarms;

/// <summary>
/// What the alarm communication manager reports of an alarm it carries (IHE PCD-05), in the order it
/// usually happens. <see cref="Delivered"/>, <see cref="Read"/> and <see cref="Accepted"/> mean a person has
/// it; <see cref="Rejected"/> (the person declined) and <see cref="Undeliverable"/> mean nobody has it yet, and
/// the alarm goes to the next escalation level at once.
/// </summary>
[GenerateSerializer, Alias("monitoring.dissemination-status")]
public enum DisseminationStatus
{
    /// <summary>The manager has taken the alarm and is disseminating it.</summary>
    Received = 1,

    /// <summary>On a person's device (pager, phone, badge).</summary>
    Delivered = 2,

    /// <summary>The person has opened it on the device.</summary>
    Read = 3,

    /// <summary>The person has accepted it (will respond).</summary>
    Accepted = 4,

    /// <summary>The person declined it.</summary>
    Rejected = 5,

    /// <summary>The manager could not deliver it to anyone.</summary>
    Undeliverable = 6,

    /// <summary>The manager stopped disseminating it (the alarm ended, or was acknowledged).</summary>
    Cancelled = 7,
}
