using System.Text;

namespace Monitoring.Hl7;

/// <summary>
/// One segment of an HL7 v2 message, its fields numbered as in the standard: field 0 is the segment id,
/// and in MSH field 1 is the field separator itself and field 2 the encoding characters, so MSH-3 is the
/// first field after them. Text accessors decode escape sequences; missing parts read as empty strings.
/// </summary>
public sealed class Hl7Segment
{
    private readonly string[] _fields;

    internal Hl7Segment(string[] fields, Hl7Delimiters delimiters)
    {
        _fields = fields;
        Delimiters = delimiters;
    }

    /// <summary>The three-character segment id, e.g. <c>OBX</c>.</summary>
    public string Id => _fields[0];

    /// <summary>The delimiters of the message the segment belongs to.</summary>
    public Hl7Delimiters Delimiters { get; }

    /// <summary>The number of the last field present (empty trailing fields included).</summary>
    public int FieldCount => _fields.Length - 1;

    private bool IsHeader => _fields[0] == "MSH";

    /// <summary>A field as received: all repetitions, components and escape sequences untouched.</summary>
    public string RawField(int field)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(field);
        return field < _fields.Length ? _fields[field] : "";
    }

    /// <summary>How many repetitions the field holds (0 when it is empty or absent).</summary>
    public int RepetitionCount(int field)
    {
        var raw = RawField(field);
        return raw.Length == 0 ? 0 : IsAtomic(field) ? 1 : raw.AsSpan().Count(Delimiters.Repetition) + 1;
    }

    /// <summary>Every repetition of a field as received (split once, for reading them all in one pass).</summary>
    public IReadOnlyList<string> RawRepetitions(int field)
    {
        var raw = RawField(field);
        return raw.Length == 0 ? [] : IsAtomic(field) ? [raw] : raw.Split(Delimiters.Repetition);
    }

    /// <summary>
    /// One repetition of a field with escape sequences decoded but components left joined; meant for
    /// fields without components (ST, NM, ID, DTM). Use <see cref="Component"/> for the others.
    /// </summary>
    public string Field(int field, int repetition = 1) =>
        IsAtomic(field) ? RawRepetition(field, repetition) : Hl7Escaping.Decode(RawRepetition(field, repetition), Delimiters);

    /// <summary>One component (numbered from 1) of one repetition, decoded; subcomponents stay joined.</summary>
    public string Component(int field, int component, int repetition = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        var raw = RawRepetition(field, repetition);
        if (IsAtomic(field))
        {
            return component == 1 ? raw : "";
        }

        return Hl7Escaping.Decode(Piece(raw, Delimiters.Component, component), Delimiters);
    }

    /// <summary>One subcomponent (numbered from 1) of one component of one repetition, decoded.</summary>
    public string Subcomponent(int field, int component, int subcomponent, int repetition = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subcomponent, 1);
        if (IsAtomic(field))
        {
            return component == 1 && subcomponent == 1 ? RawRepetition(field, repetition) : "";
        }

        var raw = Piece(RawRepetition(field, repetition), Delimiters.Component, component);
        return Hl7Escaping.Decode(Piece(raw, Delimiters.Subcomponent, subcomponent), Delimiters);
    }

    /// <summary>
    /// The first repetition of a field rewritten with other delimiters: every subcomponent decoded and
    /// encoded again, so that it can be copied into a message we write (e.g. MSH-3 into an ACK's MSH-5).
    /// </summary>
    public string FieldWith(int field, Hl7Delimiters target)
    {
        var raw = RawRepetition(field, 1);
        if (IsAtomic(field))
        {
            return Hl7Escaping.Encode(raw, target);
        }

        var rewritten = new StringBuilder(raw.Length);
        var components = raw.Split(Delimiters.Component);
        for (var c = 0; c < components.Length; c++)
        {
            if (c > 0)
            {
                rewritten.Append(target.Component);
            }

            var subcomponents = components[c].Split(Delimiters.Subcomponent);
            for (var s = 0; s < subcomponents.Length; s++)
            {
                if (s > 0)
                {
                    rewritten.Append(target.Subcomponent);
                }

                rewritten.Append(Hl7Escaping.Encode(Hl7Escaping.Decode(subcomponents[s], Delimiters), target));
            }
        }

        return rewritten.ToString();
    }

    private string RawRepetition(int field, int repetition)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        var raw = RawField(field);
        return IsAtomic(field) ? (repetition == 1 ? raw : "") : Piece(raw, Delimiters.Repetition, repetition);
    }

    /// <summary>MSH-1 and MSH-2 hold the delimiters themselves and are never split or decoded.</summary>
    private bool IsAtomic(int field) => field is 1 or 2 && IsHeader;

    /// <summary>The <paramref name="number"/>th piece (from 1) of <paramref name="text"/>, in one pass and without splitting it all.</summary>
    private static string Piece(string text, char separator, int number)
    {
        var start = 0;
        for (var i = 1; i < number; i++)
        {
            var next = text.IndexOf(separator, start);
            if (next < 0)
            {
                return "";
            }

            start = next + 1;
        }

        var end = text.IndexOf(separator, start);
        return end < 0 ? text[start..] : text[start..end];
    }
}
