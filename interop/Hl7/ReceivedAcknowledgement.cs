namespace Monitoring.Hl7;

/// <summary>
/// What a sender acts on in the ACK it gets back: MSA-1 (AA/AE/AR, or CA/CE/CR in enhanced mode), MSA-2 (the
/// control id acknowledged) and any error text from MSA-3 and the ERR segments.
/// </summary>
public sealed record ReceivedAcknowledgement(string Code, string ControlId, string Text, bool ErrSaysDuplicate)
{
    public bool IsAccepted => Code is "AA" or "CA";

    /// <summary>AR/CR: the receiver will not take the message however often it is sent.</summary>
    public bool IsRejected => Code is "AR" or "CR";

    /// <summary>The receiver already has this control id; that is as good as accepted.</summary>
    public bool IsDuplicate => ErrSaysDuplicate || Text.Contains("duplicate", StringComparison.OrdinalIgnoreCase);

    /// <returns>The acknowledgement, or null if the frame has no MSH and MSA.</returns>
    public static ReceivedAcknowledgement? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var segments = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length == 0 || !segments[0].StartsWith("MSH", StringComparison.Ordinal) || segments[0].Length < 4)
        {
            return null;
        }

        var separator = segments[0][3];
        var component = segments[0].Length > 4 ? segments[0][4] : '^';
        string[]? msa = null;
        var texts = new List<string>();
        var duplicate = false;
        foreach (var segment in segments)
        {
            var fields = segment.Split(separator);
            if (fields[0] == "MSA" && msa is null)
            {
                msa = fields;
                texts.Add(Field(fields, 3));
            }
            else if (fields[0] == "ERR")
            {
                // ERR-3 is the HL7 error code (CWE), ERR-8 the user message; v2.4 and older put it all in ERR-1.
                var code = Field(fields, 3).Split(component);
                duplicate |= code[0] == Hl7ErrorCodes.DuplicateKeyIdentifier;
                var described = string.Join(": ", new[] { string.Join(' ', code.Take(2)).Trim(), Field(fields, 8) }.Where(t => t.Length > 0));
                texts.Add(described.Length > 0 ? described : string.Join(' ', fields.Skip(1).Where(f => f.Length > 0)));
            }
        }

        return msa is null
            ? null
            : new ReceivedAcknowledgement(Field(msa, 1), Field(msa, 2), string.Join("; ", texts.Where(t => t.Length > 0)), duplicate);
    }

    public string Describe() => Text.Length == 0 ? $"MSA|{Code}" : $"MSA|{Code}: {Text}";

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";
}
