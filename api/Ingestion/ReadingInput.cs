using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// One reading of a batch, <c>{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}</c>, as
/// <see cref="ReadingBatchParser"/> reads it.
/// </summary>
// Read by ReadingInputJsonConverter. Code is null when left out, and At nullable, so that ReadingBatchParser can say it is required.
public sealed record ReadingInput(
    [property: Description("Our short code (hr, pr, spo2, rr, sbp, dbp, map, temp, consciousness, o2), an IEEE 11073 MDC code or a LOINC code.")] string Code,
    ReadingValue Value,
    [property: Description("When it was measured: ISO 8601 with a UTC offset, at most a little ahead of the server's clock.")] DateTimeOffset? At)
{
    /// <summary>The members sent that are not what they must be: <c>code</c> not a string, <c>at</c> not an ISO-8601 time with a UTC offset.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Unreadable { get; init; } = [];
}
