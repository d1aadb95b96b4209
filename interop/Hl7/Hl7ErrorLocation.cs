using System.Globalization;

namespace Monitoring.Hl7;

/// <summary>
/// ERR-2 (ERL), where in the received message a problem lies: a segment id, which occurrence of that segment
/// (1 for the first) and optionally a field, e.g. <c>OBX^3^14</c> for OBX-14 of the third OBX.
/// </summary>
public sealed record Hl7ErrorLocation(string Segment, int Sequence, int? Field = null)
{
    /// <summary>The ERL as written with <paramref name="delimiters"/>.</summary>
    public string Encode(Hl7Delimiters delimiters)
    {
        var sequence = Sequence.ToString(CultureInfo.InvariantCulture);
        var location = Hl7Escaping.Encode(Segment, delimiters) + delimiters.Component + sequence;
        return Field is { } field ? location + delimiters.Component + field.ToString(CultureInfo.InvariantCulture) : location;
    }
}
