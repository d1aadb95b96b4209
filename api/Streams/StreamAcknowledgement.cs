using System.Text.Json.Serialization;
using Monitoring.Api.Devices;

namespace Monitoring.Api.Streams;

/// <summary>
/// The answer to one batch on a WebSocket stream: what <c>POST /api/v1/devices/{deviceId}/readings</c> would have
/// answered, as one JSON text message. <see cref="Status"/> is that request's status code (202 taken, 400 a field
/// at fault, 403 a device the gateway is not registered for, 404 a device not bound, 422 nothing measured since the
/// binding, 429 too many, 503 send it again after <see cref="RetryAfter"/> seconds); the batch is named by its
/// <see cref="Sequence"/> (and, on a gateway's stream, its <see cref="DeviceId"/>), as far as they could be read.
/// </summary>
public sealed record StreamAcknowledgement(
    string? DeviceId,
    long? Sequence,
    int Status,
    int? Accepted = null,
    bool? Duplicate = null,
    int? RefusedBeforeBinding = null,
    int? RetryAfter = null,
    string? Title = null,
    string? Detail = null,
    IDictionary<string, string[]>? Errors = null)
{
    /// <summary>Whether the sender should send the same batch again later (it was not taken, and may be).</summary>
    [JsonIgnore]
    public bool SendAgain => Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable;

    /// <summary>The acknowledgement of what the request would have answered.</summary>
    public static StreamAcknowledgement Of(string? deviceId, long? sequence, IResult result)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status500InternalServerError;
        var value = (result as IValueHttpResult)?.Value;
        if (value is DeviceEndpoints.IngestAnswer answer)
        {
            return new(deviceId, sequence, status, answer.Accepted, answer.Duplicate, answer.RefusedBeforeBinding == 0 ? null : answer.RefusedBeforeBinding);
        }

        var problem = value as Microsoft.AspNetCore.Mvc.ProblemDetails;
        return new(
            deviceId,
            sequence,
            status,
            RetryAfter: status == StatusCodes.Status503ServiceUnavailable ? Http.Problems.RetryAfterSeconds : null,
            Title: problem?.Title,
            Detail: problem?.Detail,
            Errors: (problem as HttpValidationProblemDetails)?.Errors is { Count: > 0 } errors ? errors : null);
    }

    /// <summary>503: the batch could not be taken now (the cluster did not answer); nothing was taken.</summary>
    public static StreamAcknowledgement NotTakenNow(string? deviceId, long? sequence) => new(
        deviceId, sequence, StatusCodes.Status503ServiceUnavailable,
        RetryAfter: Http.Problems.RetryAfterSeconds,
        Title: "Unavailable.",
        Detail: "The batch could not be taken right now and none of it was. Send the same batch again after retryAfter seconds; a resent batch is never counted twice.");

    /// <summary>429: the device sends faster than it may; nothing was taken.</summary>
    public static StreamAcknowledgement TooMany(string? deviceId, long? sequence, int retryAfter) => new(
        deviceId, sequence, StatusCodes.Status429TooManyRequests,
        RetryAfter: retryAfter,
        Title: "Too many requests.",
        Detail: "Too many batches from this device; nothing of this one was taken. Send it again after retryAfter seconds.");
}

/// <summary>The acknowledgements, written by source-generated code: camelCase, absent members left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamAcknowledgement))]
public sealed partial class StreamJson : JsonSerializerContext;
