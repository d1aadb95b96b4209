using System.ComponentModel;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// One reading of a batch, <c>{"code":"hr","value":72,"at":"2026-11-27T10:00:00Z"}</c>, as
/// <see cref="ReadingBatchParser"/> reads it (this type describes the body; the parser reads the JSON itself).
/// </summary>
public sealed record ReadingInput(
    [property: Description("Our short code (hr, pr, spo2, rr, sbp, dbp, map, temp, consciousness, o2), an IEEE 11073 MDC code or a LOINC code.")] string Code,
    ReadingValue Value,
    [property: Description("When it was measured: ISO 8601 with a UTC offset, at most a little ahead of the server's clock.")] DateTimeOffset At);

/// <summary>
/// A reading's value: a finite number in the code's usual unit; for consciousness one ACVPU letter (A, C, V, P, U);
/// for o2 true (on supplemental oxygen) or false (on air). Only names the shape in the API's description.
/// </summary>
public sealed class ReadingValue;
