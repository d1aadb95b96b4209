using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Api.Http;

/// <summary>
/// Finds where malformed JSON breaks, as a field path (<c>readings[0].value</c> for a bare
/// <c>NaN</c>), so that the answer can name the field even when the body does not parse.
/// </summary>
public static class JsonErrorLocator
{
    public static string PathOfError(ReadOnlySpan<byte> json)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                Step(ref reader, frames);
            }
        }
        catch (JsonException)
        {
            // The frames now describe where the reader stood when the JSON broke.
        }

        return Describe(frames);
    }

    private static void Step(ref Utf8JsonReader reader, List<Frame> frames)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                CountElement(frames);
                frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                frames.RemoveAt(frames.Count - 1);
                break;
            case JsonTokenType.PropertyName:
                frames[^1].Property = reader.GetString();
                break;
            default:
                CountElement(frames);
                break;
        }
    }

    private static void CountElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Describe(List<Frame> frames)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];

            // Broken between two elements of an array: the array is the field at fault.
            var innermost = i == frames.Count - 1;
            if (frame.IsArray && frame.Index >= 0 && !innermost)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
            }
            else if (!frame.IsArray && frame.Property is not null)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(frame.Property);
            }
        }

        return path.Length == 0 ? "$" : path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }
    }
}
