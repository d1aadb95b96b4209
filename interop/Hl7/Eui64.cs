namespace Monitoring.Hl7;

/// <summary>
/// IEEE EUI-64 device identifiers as PCD-01 carries them: 16 hexadecimal digits, normalised to upper case
/// (separating dashes or colons, as in <c>00-1A-...</c>, are dropped).
/// </summary>
public static class Eui64
{
    /// <summary>The identifier type that marks a universal id as an EUI-64 (EI-4, HD-3).</summary>
    public const string IdentifierType = "EUI-64";

    /// <summary>The 16 upper-case hex digits, or null when <paramref name="text"/> is not an EUI-64.</summary>
    public static string? Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var c in text.AsSpan().Trim())
        {
            if (c is '-' or ':')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == 16)
            {
                return null;
            }

            digits[count++] = char.ToUpperInvariant(c);
        }

        return count == 16 ? new string(digits) : null;
    }

    /// <summary>
    /// The device in one EI value (entity id ^ namespace ^ universal id ^ universal id type, as in OBX-18
    /// and OBR-3), given as received: the universal id when its type is EUI-64, else the entity id if it
    /// is 16 hex digits.
    /// </summary>
    public static string? FromEntityIdentifier(string entityIdentifier, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(entityIdentifier);
        var components = entityIdentifier.Split(delimiters.Component, 5);
        string Component(int number) =>
            number <= components.Length ? Hl7Escaping.Decode(components[number - 1], delimiters).Trim() : "";

        var universal = string.Equals(Component(4), IdentifierType, StringComparison.OrdinalIgnoreCase)
            ? Normalise(Component(3))
            : null;
        return universal ?? Normalise(Component(1));
    }

    /// <summary>The device in an HD field (namespace ^ universal id ^ universal id type), as in MSH-3.</summary>
    public static string? FromHierarchicDesignator(Hl7Segment segment, int field)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return string.Equals(segment.Component(field, 3).Trim(), IdentifierType, StringComparison.OrdinalIgnoreCase)
            ? Normalise(segment.Component(field, 2))
            : null;
    }
}
