using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Monitoring.Hl7;

/// <summary>
/// HL7 v2 escape sequences: <c>\F\ \S\ \T\ \R\ \E\</c> stand for the delimiters and <c>\Xhh..\</c> for
/// bytes. Formatting and character-set sequences (<c>\H\ \N\ \.br\ \C..\ \M..\ \Z..\</c>) are left as they are.
/// </summary>
public static class Hl7Escaping
{
    /// <summary>Replaces the escape sequences in one component or subcomponent by the text they stand for.</summary>
    public static string Decode(string text, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escape = delimiters.Escape;
        var next = text.IndexOf(escape, StringComparison.Ordinal);
        if (next < 0)
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        var position = 0;
        while (next >= 0)
        {
            var close = text.IndexOf(escape, next + 1);
            if (close < 0)
            {
                break;
            }

            decoded.Append(text, position, next - position);
            var sequence = text.AsSpan(next + 1, close - next - 1);
            if (TryDecode(sequence, delimiters, out var replacement))
            {
                decoded.Append(replacement);
            }
            else
            {
                decoded.Append(text, next, close - next + 1);
            }

            position = close + 1;
            next = position < text.Length ? text.IndexOf(escape, position) : -1;
        }

        return decoded.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// Writes free text so that it can stand in a field: delimiters become escape sequences and control
    /// characters (CR and LF included, which would end a segment) become <c>\Xhh\</c>.
    /// </summary>
    public static string Encode(string text, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AppendEncoded(new StringBuilder(text.Length + 8), text, delimiters).ToString();
    }

    /// <summary>Appends <paramref name="text"/> to <paramref name="encoded"/> as <see cref="Encode"/> writes it.</summary>
    internal static StringBuilder AppendEncoded(StringBuilder encoded, string text, Hl7Delimiters delimiters)
    {
        foreach (var c in text)
        {
            var letter = c == delimiters.Escape ? 'E'
                : c == delimiters.Field ? 'F'
                : c == delimiters.Component ? 'S'
                : c == delimiters.Subcomponent ? 'T'
                : c == delimiters.Repetition ? 'R'
                : '\0';
            if (letter != '\0')
            {
                encoded.Append(delimiters.Escape).Append(letter).Append(delimiters.Escape);
            }
            else if (char.IsControl(c) && c <= '\u00ff')
            {
                encoded.Append(delimiters.Escape).Append('X')
                    .Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)).Append(delimiters.Escape);
            }
            else
            {
                encoded.Append(c);
            }
        }

        return encoded;
    }

    private static bool TryDecode(ReadOnlySpan<char> sequence, Hl7Delimiters delimiters, out string replacement)
    {
        replacement = sequence switch
        {
            "F" => delimiters.Field.ToString(),
            "S" => delimiters.Component.ToString(),
            "T" => delimiters.Subcomponent.ToString(),
            "R" => delimiters.Repetition.ToString(),
            "E" => delimiters.Escape.ToString(),
            _ => "",
        };
        if (replacement.Length > 0)
        {
            return true;
        }

        return sequence.Length > 1 && sequence[0] == 'X' && TryDecodeHex(sequence[1..], out replacement);
    }

    /// <summary>The bytes as UTF-8 when they are valid UTF-8, else as ISO 8859-1 (one character per byte).</summary>
    private static bool TryDecodeHex(ReadOnlySpan<char> hex, out string text)
    {
        text = "";
        if (hex.Length % 2 != 0)
        {
            return false;
        }

        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.Slice(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        text = Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        return true;
    }
}
