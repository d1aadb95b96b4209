namespace Monitoring.Hl7;

/// <summary>
/// The five characters that structure an HL7 v2 message: MSH-1 (field separator) and MSH-2
/// (component, repetition, escape and subcomponent, in that order).
/// </summary>
public readonly record struct Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    /// <summary>The recommended delimiters, <c>|^~\&amp;</c>, which we use in everything we send.</summary>
    public static Hl7Delimiters Standard { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>MSH-2 as written in a message: component, repetition, escape, subcomponent.</summary>
    public string EncodingCharacters => string.Concat(Component, Repetition, Escape, Subcomponent);

    /// <summary>
    /// Reads the delimiters from the start of an MSH segment (<c>MSH|^~\&amp;|...</c>). MSH-2 must hold
    /// four characters, or five from v2.7 on (the fifth, truncation, is accepted and ignored).
    /// </summary>
    internal static bool TryRead(string msh, out Hl7Delimiters delimiters, out string? error)
    {
        delimiters = default;
        if (msh.Length < 4)
        {
            error = "The MSH segment is too short to hold its delimiters.";
            return false;
        }

        var field = msh[3];
        var end = msh.IndexOf(field, 4);
        var encoding = end < 0 ? msh.AsSpan(4) : msh.AsSpan(4, end - 4);
        if (!IsUsable(field) || encoding.Length is < 4 or > 5)
        {
            error = "MSH-1 and MSH-2 must hold the field separator and 4 encoding characters.";
            return false;
        }

        Span<char> seen = stackalloc char[6];
        seen[0] = field;
        for (var i = 0; i < encoding.Length; i++)
        {
            if (!IsUsable(encoding[i]) || seen[..(i + 1)].Contains(encoding[i]))
            {
                error = "MSH-2 holds a letter, digit, space or repeated character.";
                return false;
            }

            seen[i + 1] = encoding[i];
        }

        delimiters = new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
        error = null;
        return true;
    }

    private static bool IsUsable(char c) => !char.IsLetterOrDigit(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);
}
