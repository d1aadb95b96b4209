using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Monitoring.Json;

namespace Monitoring.Api.Http;

/// <summary>
/// Reads a request body into its record (<see cref="RequestJson"/>), answering with problem details when it
/// cannot: 415 for another content type, 413 when too large, 400 for malformed JSON, for JSON that is not an
/// object, and for a member the record does not have or whose JSON type is wrong, named by its path. What the
/// values mean is then the record's own validator's to check.
/// </summary>
public static class JsonBody
{
    public const int MaxDepth = 16;

    /// <summary>Reads the body as <paramref name="type"/>; <paramref name="explain"/> says what is wrong with a member that does not fit it.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, JsonTypeInfo<T> type, Func<JsonFault, string> explain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (default, Problems.UnsupportedMediaType());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return (default, Problems.TooLarge(maxBytes));
        }

        // Buffered (it is small) so that a parse error can be traced back to the field it is in.
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, Problems.TooLarge(maxBytes));
        }

        return Read(body, type, explain);
    }

    /// <summary>
    /// Reads a body whose members are data rather than fields (the limits bodies, keyed by vital code), for its
    /// reader to walk; only an object is taken.
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        // Any JSON value reads as an element, so nothing here is ever a member out of place.
        var (body, problem) = await ReadAsync(request, maxBytes, RequestJson.Default.JsonElement, _ => "", cancellationToken);
        return problem is null && body.ValueKind != JsonValueKind.Object ? (default, NotAnObject()) : (body, problem);
    }

    /// <summary>Reads a buffered body as <paramref name="type"/>, as <see cref="ReadAsync"/> does.</summary>
    public static (T? Body, IResult? Problem) Read<T>(byte[] body, JsonTypeInfo<T> type, Func<JsonFault, string> explain)
    {
        ArgumentNullException.ThrowIfNull(explain);

        // Strings are only decoded when read: invalid UTF-8 inside one would pass the parser unnoticed.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (default, Problems.Validation(new Dictionary<string, string[]> { ["$"] = ["The body is not valid UTF-8."] }));
        }

        try
        {
            return JsonSerializer.Deserialize(body, type) is { } value ? (value, null) : (default, NotAnObject());
        }
        catch (JsonException exception)
        {
            return (default, Refusal(body, exception, type, explain));
        }
    }

    /// <summary>
    /// The reader stops at the first thing it cannot take, which may come before the JSON breaks further on; the
    /// answer names what is most wrong: malformed JSON, then a body that is not an object, then the member at fault.
    /// </summary>
    private static IResult Refusal(byte[] body, JsonException exception, JsonTypeInfo type, Func<JsonFault, string> explain)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException malformed)
        {
            return Problems.MalformedJson(malformed, JsonErrorLocator.PathOfError(body));
        }

        var fault = JsonErrorLocator.FaultOf(exception, type);
        return fault.Field.Length == 0
            ? NotAnObject()
            : Problems.Validation(new Dictionary<string, string[]> { [fault.Field] = [explain(fault)] });
    }

    private static IResult NotAnObject() =>
        Problems.Validation(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] });
}
