using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Monitoring.Api.Ingestion;

namespace Monitoring.Api.Devices;

/// <summary>
/// The body of <c>POST /api/v1/devices/{deviceId}/readings</c>:
/// <c>{"sequence":42,"readings":[{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}]}</c>. All or nothing: one
/// bad reading refuses the batch. Read by <see cref="ReadingBatchParser"/>.
/// </summary>
// Other members are skipped, as they always were. Sequence is nullable only so that a missing one can be told from 0.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record ReadingBatchRequest(
    [property: Description("The device's number for this batch, from 0; a batch sent again with a sequence already taken changes nothing.")] long? Sequence,
    [property: MinLength(1), MaxLength(ReadingBatchParser.MaxReadings)] IReadOnlyList<ReadingInput> Readings);
