using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace Monitoring.Fhir;

/// <summary>
/// Makes the Firely SDK's instance paths (<c>Observation.value.value</c>, <c>$this.code</c>) name the
/// element as it was sent (<c>Observation.valueQuantity.value</c>), by following the path through the JSON.
/// </summary>
internal static class FhirJsonPaths
{
    public const string Root = "Observation";

    public static string Refine(JsonElement root, string? sdkPath)
    {
        if (string.IsNullOrEmpty(sdkPath))
        {
            return Root;
        }

        var segments = sdkPath.Split('.');
        var path = new List<string> { Root };
        JsonElement? current = root;
        foreach (var segment in segments.Skip(1))
        {
            var (name, index) = Split(segment);
            if (current is { ValueKind: JsonValueKind.Object } element && Property(element, name) is { } property)
            {
                name = property.Name;
                current = property.Value;
                if (current is { ValueKind: JsonValueKind.Array } array)
                {
                    current = index < array.GetArrayLength() ? array[index.Value] : null;
                }
                else
                {
                    index = null; // the SDK counts a single value as element [0]; the JSON has no array there
                }
            }
            else
            {
                current = null;
            }

            path.Add(index is { } at ? string.Create(CultureInfo.InvariantCulture, $"{name}[{at}]") : name);
        }

        return string.Join('.', path);
    }

    /// <summary>The JSON suffix of a choice element of this type: <c>Quantity</c> for valueQuantity, <c>String</c> for valueString.</summary>
    public static string TypeSuffix(Base value)
    {
        var name = value.TypeName;
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static bool IsTypeName(string suffix) =>
        char.IsUpper(suffix[0]) && (ModelInfo.IsDataType(suffix) || ModelInfo.IsPrimitive(char.ToLowerInvariant(suffix[0]) + suffix[1..]));

    private static (string Name, int? Index) Split(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        if (open < 0 || !segment.EndsWith(']')
            || !int.TryParse(segment.AsSpan(open + 1, segment.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return (segment, null);
        }

        return (segment[..open], index);
    }

    /// <summary>The property itself, or the choice element it stands for (<c>value</c> finds <c>valueQuantity</c>).</summary>
    private static JsonProperty? Property(JsonElement element, string name)
    {
        JsonProperty? choice = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == name)
            {
                return property;
            }

            if (choice is null && property.Name.Length > name.Length && property.Name.StartsWith(name, StringComparison.Ordinal)
                && IsTypeName(property.Name[name.Length..]))
            {
                choice = property;
            }
        }

        return choice;
    }
}
