using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Monitoring.Json;

/// <summary>
/// Finds where a body goes wrong, as a field path: where malformed JSON breaks (<c>readings[0].value</c> for a
/// bare <c>NaN</c>), and where valid JSON does not fit its record (<c>readings[0].code</c> for a number), so
/// that the answer can name the field either way.
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

    /// <summary>
    /// Where <paramref name="exception"/>, thrown reading valid JSON as <paramref name="type"/>, arose: its path
    /// (<c>$.readings[0].code</c>) followed through the record's members to the member or item at fault.
    /// </summary>
    public static JsonFault FaultOf(JsonException exception, JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(type);
        var field = new StringBuilder();
        JsonTypeInfo? current = type;
        JsonTypeInfo? owner = null;
        string? member = null;
        foreach (var (name, index) in Segments(exception.Path))
        {
            if (name is null)
            {
                field.Append(CultureInfo.InvariantCulture, $"[{index}]");
                (member, owner, current) = (null, null, ItemOf(current));
                continue;
            }

            field.Append(field.Length == 0 ? "" : ".").Append(name);
            (member, owner) = (name, current);
            if (current is { Kind: JsonTypeInfoKind.Object })
            {
                if (current.Properties.FirstOrDefault(p => p.Name == name) is not { } property)
                {
                    return new JsonFault(field.ToString(), member, owner, IsUnknown: true);
                }

                current = current.Options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                current = ItemOf(current);
            }
        }

        return new JsonFault(field.ToString(), member, owner, IsUnknown: false);
    }

    private static JsonTypeInfo? ItemOf(JsonTypeInfo? list) =>
        list is { Kind: JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary, ElementType: { } item } ? list.Options.GetTypeInfo(item) : null;

    /// <summary>The steps of a System.Text.Json path: <c>.name</c> or <c>['odd name']</c> (a name), <c>[2]</c> (an index).</summary>
    private static IEnumerable<(string? Name, int Index)> Segments(string? path)
    {
        path ??= "$";
        for (var at = 1; at < path.Length;)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1) is var next and >= 0 ? next : path.Length;
                yield return (path[(at + 1)..end], 0);
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal) is var next and >= 0 ? next : path.Length;
                yield return (path[(at + 2)..end], 0);
                at = end + 2;
            }
            else
            {
                var end = path.IndexOf(']', at) is var next and >= 0 ? next : path.Length;
                yield return (null, int.TryParse(path.AsSpan(at + 1, end - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0);
                at = end + 1;
            }
        }
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
