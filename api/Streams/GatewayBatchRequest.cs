using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Monitoring.Api.Devices;
using Monitoring.Api.Ingestion;

namespace Monitoring.Api.Streams;

/// <summary>
/// One message on a gateway's stream: a device's batch, as a device would post it, with the device named:
/// <c>{"deviceId":"bed-12-monitor","sequence":42,"readings":[…]}</c>. Each device keeps its own sequence.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record GatewayBatchRequest(
    [property: Description("The device the batch is from; the gateway must be registered for it.")] string? DeviceId,
    [property: Description("The device's number for this batch; a batch sent again with a sequence already taken changes nothing.")] long? Sequence,
    [property: MinLength(1), MaxLength(ReadingBatchParser.MaxReadings)] IReadOnlyList<ReadingInput> Readings)
{
    /// <summary>The batch as the device itself would have sent it.</summary>
    public ReadingBatchRequest Batch => new(Sequence, Readings);
}
