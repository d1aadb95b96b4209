using System.Buffers.Text;

namespace Monitoring.Fhir;

/// <summary>Bytes as text that is a valid FHIR id and safe in a URL: base64url without padding, '.' for '_'.</summary>
internal static class FhirTokens
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes).Replace('_', '.');

    /// <summary>Whether <paramref name="text"/> decodes to exactly <paramref name="bytes"/>.Length bytes.</summary>
    public static bool TryDecode(string? text, Span<byte> bytes)
    {
        if (text is null || text.Length != Base64Url.GetEncodedLength(bytes.Length) || text.Contains('_', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Base64Url.TryDecodeFromChars(text.Replace('.', '_'), bytes, out var written) && written == bytes.Length
                && Encode(bytes) == text; // one text per id: no second spelling of the same bytes
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
