using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Monitoring.Api.Http;

/// <summary>
/// Reads a request body as a JSON object, answering with problem details when it is not one:
/// 415 for another content type, 413 when too large, 400 for malformed JSON.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
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
            return (null, Problems.TooLarge(maxBytes));
        }

        // Strings are only decoded when read: invalid UTF-8 inside one would pass the parser unnoticed.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (null, Problems.Validation(new Dictionary<string, string[]> { ["$"] = ["The body is not valid UTF-8."] }));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            return (null, Problems.MalformedJson(exception, JsonErrorLocator.PathOfError(body)));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, Problems.Validation(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] }));
        }

        return (document, null);
    }
}
