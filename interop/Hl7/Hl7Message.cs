using System.Buffers;

namespace Monitoring.Hl7;

/// <summary>
/// A parsed HL7 v2 message: its segments in order, read with the delimiters its own MSH declares.
/// Holds the message as received (PID included), so it is not for logging or keeping; take what is
/// needed from it (see <see cref="OruR01Reader"/>) and let it go.
/// </summary>
public sealed class Hl7Message
{
    private Hl7Message(Hl7Delimiters delimiters, IReadOnlyList<Hl7Segment> segments)
    {
        Delimiters = delimiters;
        AllSegments = segments;
    }

    /// <summary>The delimiters declared in MSH-1 and MSH-2.</summary>
    public Hl7Delimiters Delimiters { get; }

    /// <summary>Every segment, MSH first.</summary>
    public IReadOnlyList<Hl7Segment> AllSegments { get; }

    /// <summary>The MSH segment.</summary>
    public Hl7Segment Header => AllSegments[0];

    /// <summary>MSH-9.1, e.g. <c>ORU</c>.</summary>
    public string MessageCode => Header.Component(9, 1);

    /// <summary>MSH-9.2, e.g. <c>R01</c>.</summary>
    public string TriggerEvent => Header.Component(9, 2);

    /// <summary>MSH-9 components 1 and 2 joined by <c>^</c> whatever the message's delimiters, e.g. <c>ORU^R01</c>.</summary>
    public string MessageType => TriggerEvent.Length == 0 ? MessageCode : $"{MessageCode}^{TriggerEvent}";

    /// <summary>MSH-10, the id the sender gave this message; an ACK echoes it in MSA-2.</summary>
    public string ControlId => Header.Field(10);

    /// <summary>MSH-12.1, the HL7 version, e.g. <c>2.6</c>.</summary>
    public string Version => Header.Component(12, 1);

    /// <summary>MSH-3 as received (an HD, e.g. <c>AcmeInc^ACDE48234567ABCD^EUI-64</c>), in the message's delimiters.</summary>
    public string SendingApplication => Header.RawField(3);

    /// <summary>MSH-4 as received, in the message's delimiters.</summary>
    public string SendingFacility => Header.RawField(4);

    /// <summary>
    /// Parses one message. Segments may end in CR, LF or CRLF; blank lines are ignored. Never throws for
    /// bad input: anything that is not a message gives a failed result with the reason. Runs in time and
    /// memory linear in the length of the text.
    /// </summary>
    public static Hl7ParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SegmentLines(text);
        if (lines.Count == 0)
        {
            return Hl7ParseResult.Failure("The message is empty.");
        }

        var header = lines[0];
        if (!header.StartsWith("MSH", StringComparison.Ordinal))
        {
            return Hl7ParseResult.Failure("The message does not start with an MSH segment.");
        }

        if (!Hl7Delimiters.TryRead(header, out var delimiters, out var error))
        {
            return Hl7ParseResult.Failure(error!);
        }

        var segments = new List<Hl7Segment>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var problem = Check(line, i, delimiters.Field);
            if (problem is not null)
            {
                return Hl7ParseResult.Failure(problem);
            }

            var fields = line.Split(delimiters.Field);
            if (i == 0)
            {
                // MSH-1 is the separator that split the fields; put it back so MSH numbering is the standard's.
                fields = [fields[0], delimiters.Field.ToString(), .. fields.AsSpan(1)];
            }

            segments.Add(new Hl7Segment(fields, delimiters));
        }

        return Hl7ParseResult.Success(new Hl7Message(delimiters, segments));
    }

    /// <summary>Every segment with the given id, in order.</summary>
    public IEnumerable<Hl7Segment> Segments(string id) => AllSegments.Where(s => s.Id == id);

    /// <summary>The first segment with the given id, if any.</summary>
    public Hl7Segment? FirstSegment(string id) => AllSegments.FirstOrDefault(s => s.Id == id);

    /// <summary>A field of the first segment with that id, decoded (see <see cref="Hl7Segment.Field"/>); empty when absent.</summary>
    public string Field(string segmentId, int field, int repetition = 1) =>
        FirstSegment(segmentId)?.Field(field, repetition) ?? "";

    /// <summary>A component of a field of the first segment with that id, decoded; empty when absent.</summary>
    public string Component(string segmentId, int field, int component, int repetition = 1) =>
        FirstSegment(segmentId)?.Component(field, component, repetition) ?? "";

    private static List<string> SegmentLines(string text)
    {
        var lines = new List<string>();
        var start = text.StartsWith('\uFEFF') ? 1 : 0;
        while (start <= text.Length)
        {
            var end = text.AsSpan(start).IndexOfAny('\r', '\n');
            var line = end < 0 ? text[start..] : text.Substring(start, end);
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }

            if (end < 0)
            {
                break;
            }

            start += end + 1;
        }

        return lines;
    }

    /// <summary>A segment is a 3-character id (upper-case letters and digits), then fields; no control characters.</summary>
    private static string? Check(string line, int index, char fieldSeparator)
    {
        var number = index + 1;
        var idLength = line.IndexOf(fieldSeparator, StringComparison.Ordinal);
        if (idLength < 0)
        {
            idLength = line.Length;
        }

        if (idLength != 3 || line.AsSpan(0, 3).IndexOfAnyExcept(IdCharacters) >= 0 || !char.IsAsciiLetterUpper(line[0]))
        {
            return $"Segment {number} does not start with a segment id.";
        }

        if (index > 0 && line.StartsWith("MSH", StringComparison.Ordinal))
        {
            return $"Segment {number} is a second MSH; send one message at a time.";
        }

        return line.AsSpan().IndexOfAny(ControlCharacters) >= 0 ? $"Segment {number} holds a control character." : null;
    }

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>C0 controls but TAB, and DEL: not text. (CR and LF have ended the segment already.)</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\v\f\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");
}
