namespace Monitoring.Devices;

/// <summary>A device's snapshot: whom it is bound to and which batches it has already delivered.</summary>
[GenerateSerializer, Alias("monitoring.device-state")]
public sealed class DeviceState
{
    [Id(0)]
    public string? PatientId { get; set; }

    [Id(1)]
    public RecentSequences Delivered { get; set; } = new();

    [Id(2)]
    public DateTimeOffset? LastHeardAt { get; set; }
}
