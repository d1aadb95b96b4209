using System.Text.Json;

namespace Monitoring.Api.Http;

/// <summary>The RFC 9457 problem details this API answers with; each says what was wrong and what to do.</summary>
public static class Problems
{
    /// <summary>The Retry-After of a 503: nothing was taken, send it again this many seconds later.</summary>
    public const int RetryAfterSeconds = 2;

    private static readonly string RetryAfterHeader = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.", detail: "Correct the fields named in 'errors' and send the request again.");

    /// <summary>422: the body is well formed, but what it asks cannot be done; <paramref name="field"/> names where.</summary>
    public static IResult Unprocessable(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request cannot be taken.",
            Detail = message,
        });

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");

    public static IResult UnsupportedMediaType() =>
        TypedResults.Problem("Send the body as JSON with Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");

    public static IResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The body is larger than the {maxBytes} bytes this endpoint takes; send smaller batches.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large.");

    public static IResult TooManyItems(string field, int max) =>
        TypedResults.Problem($"'{field}' holds more than {max} items; send smaller batches.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large.");

    /// <summary>Names the field where the JSON broke (e.g. <c>readings[0].value</c> for a bare NaN) and where.</summary>
    public static IResult MalformedJson(JsonException exception, string field)
    {
        var message = $"The body is not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1} (NaN, Infinity, comments and trailing commas are not JSON).";
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            title: "Malformed JSON.",
            detail: message);
    }

    /// <summary>503 with Retry-After: nothing was taken; the same request sent again later will be.</summary>
    public static IResult Busy(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Response.HasStarted) // a stream's acknowledgement says retryAfter itself
        {
            context.Response.Headers.RetryAfter = RetryAfterHeader;
        }

        return TypedResults.Problem(
            "The system cannot take more readings right now and took none of these. Send the same request again after the Retry-After delay; a resent batch is never counted twice.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Busy.");
    }

    /// <summary>503 with Retry-After, for anything that cannot be done safely right now.</summary>
    public static IResult Unavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterHeader;
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable.");
    }

    public static IResult InvalidRouteValue(string name) =>
        Validation(new Dictionary<string, string[]> { [name] = [$"'{name}' must be 1 to {Identifiers.MaxLength} letters, digits, '.', '_', '-' or ':'."] });
}
