namespace Monitoring.Devices;

/// <summary>A device's snapshot: whom it is bound to, which batches it already delivered, when it was last heard.</summary>
[GenerateSerializer, Alias("monitoring.device-state")]
public sealed class DeviceState
{
    [Id(0)]
    public string? PatientId { get; set; }

    [Id(1)]
    public RecentSequences Delivered { get; set; } = new();

    [Id(2)]
    public DateTimeOffset? LastHeardAt { get; set; }

    /// <summary>Whether the patient has been told that this device went quiet.</summary>
    [Id(3)]
    public bool ReportedSilent { get; set; }

    /// <summary>When the binding to <see cref="PatientId"/> began; readings measured before it are not the patient's.</summary>
    [Id(4)]
    public DateTimeOffset? BoundAt { get; set; }
}
