using System.Text;

namespace Monitoring.Hl7;

/// <summary>
/// Writes an HL7 v2 message segment by segment and field by field, MSH first. Text given for a field or a
/// component is escaped (<see cref="Hl7Escaping.Encode"/>), so no content can break the message's structure;
/// only <see cref="EncodedField"/> takes text already written with <see cref="Delimiters"/>. Segments end in CR.
/// One instance writes one message after another on the same buffer (<see cref="Clear"/>); not thread-safe.
/// </summary>
public sealed class Hl7MessageBuilder
{
    private readonly StringBuilder _text;
    private bool _inSegment;

    /// <summary>A builder that writes with the standard delimiters, <c>|^~\&amp;</c>.</summary>
    public Hl7MessageBuilder()
        : this(Hl7Delimiters.Standard)
    {
    }

    public Hl7MessageBuilder(Hl7Delimiters delimiters, int capacity = 1024)
    {
        Delimiters = delimiters;
        _text = new StringBuilder(capacity);
    }

    /// <summary>The delimiters the message is written with; MSH-1 and MSH-2 declare them.</summary>
    public Hl7Delimiters Delimiters { get; }

    /// <summary>Starts the message with its MSH: MSH-1 and MSH-2 are the delimiters, so the next field is MSH-3.</summary>
    public Hl7MessageBuilder Header()
    {
        if (_text.Length > 0)
        {
            throw new InvalidOperationException("The MSH is written once, first; call Clear to start another message.");
        }

        _text.Append("MSH").Append(Delimiters.Field).Append(Delimiters.EncodingCharacters);
        _inSegment = true;
        return this;
    }

    /// <summary>Ends the segment being written and starts the next: <paramref name="id"/> is three upper-case letters or digits.</summary>
    public Hl7MessageBuilder Segment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 3 || !char.IsAsciiLetterUpper(id[0]) || !IsIdCharacter(id[1]) || !IsIdCharacter(id[2]))
        {
            throw new ArgumentException($"'{id}' is not a segment id (three upper-case letters or digits, e.g. OBX).", nameof(id));
        }

        if (id == "MSH" || _text.Length == 0)
        {
            throw new InvalidOperationException("A message has one MSH, first: start it with Header.");
        }

        EndSegment();
        _text.Append(id);
        _inSegment = true;
        return this;
    }

    /// <summary>The next field: <paramref name="text"/>, escaped.</summary>
    public Hl7MessageBuilder Field(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Hl7Escaping.AppendEncoded(NextField(), text, Delimiters);
        return this;
    }

    /// <summary>The next field made of <paramref name="components"/>, each escaped; an empty one keeps its place.</summary>
    public Hl7MessageBuilder Field(params ReadOnlySpan<string> components)
    {
        var text = NextField();
        for (var i = 0; i < components.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(components[i], nameof(components));
            if (i > 0)
            {
                text.Append(Delimiters.Component);
            }

            Hl7Escaping.AppendEncoded(text, components[i], Delimiters);
        }

        return this;
    }

    /// <summary>The next <paramref name="count"/> fields, empty.</summary>
    public Hl7MessageBuilder EmptyFields(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            NextField();
        }

        return this;
    }

    /// <summary>
    /// The next field as it stands: text already written with <see cref="Delimiters"/>, such as
    /// <see cref="Hl7Segment.FieldWith"/> gives. It must hold no field separator and no line end.
    /// </summary>
    public Hl7MessageBuilder EncodedField(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.AsSpan().IndexOfAny(Delimiters.Field, '\r', '\n') >= 0)
        {
            throw new ArgumentException("An encoded field holds no field separator and no line end.", nameof(encoded));
        }

        NextField().Append(encoded);
        return this;
    }

    /// <summary>The message written so far, its last segment ended.</summary>
    public string Build()
    {
        EndSegment();
        return _text.ToString();
    }

    /// <summary>Forgets the message, keeping the buffer for the next one.</summary>
    public Hl7MessageBuilder Clear()
    {
        _text.Clear();
        _inSegment = false;
        return this;
    }

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);

    private StringBuilder NextField() =>
        _inSegment
            ? _text.Append(Delimiters.Field)
            : throw new InvalidOperationException("A field belongs to a segment: start one with Header or Segment.");

    private void EndSegment()
    {
        if (_inSegment)
        {
            _text.Append('\r');
            _inSegment = false;
        }
    }
}
