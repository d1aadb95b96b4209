namespace Monitoring.Hl7;

/// <summary>
/// What a sender acts on in the ACK it gets back: MSA-1 (AA/AE/AR, or CA/CE/CR in enhanced mode), MSA-2 (the
/// control id acknowledged) and any error text from MSA-3 and the ERR segments, read with <see cref="Hl7Message"/>
/// (the ACK's own delimiters, escape sequences decoded).
/// </summary>
public sealed record ReceivedAcknowledgement(string Code, string ControlId, string Text, bool ErrSaysDuplicate)
{
    public bool IsAccepted => Code is "AA" or "CA";

    /// <summary>AR/CR: the receiver will not take the message however often it is sent.</summary>
    public bool IsRejected => Code is "AR" or "CR";

    /// <summary>The receiver already has this control id; that is as good as accepted.</summary>
    public bool IsDuplicate => ErrSaysDuplicate || Text.Contains("duplicate", StringComparison.OrdinalIgnoreCase);

    /// <returns>The acknowledgement, or null when the text is not an HL7 message with an MSA.</returns>
    public static ReceivedAcknowledgement? Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Hl7Message.Parse(message).Message is not { } ack || ack.FirstSegment("MSA") is not { } msa)
        {
            return null;
        }

        var texts = new List<string> { msa.Field(3) };
        var duplicate = false;
        foreach (var err in ack.Segments("ERR"))
        {
            // ERR-3 is the HL7 error code (CWE), ERR-8 the user message; v2.4 and older put it all in ERR-1.
            var code = err.Component(3, 1);
            duplicate |= code == Hl7ErrorCodes.DuplicateKeyIdentifier;
            var described = string.Join(": ", new[] { $"{code} {err.Component(3, 2)}".Trim(), err.Field(8) }.Where(t => t.Length > 0));
            texts.Add(described.Length > 0 ? described : string.Join(' ', Enumerable.Range(1, err.FieldCount).Select(err.RawField).Where(f => f.Length > 0)));
        }

        return new ReceivedAcknowledgement(msa.Field(1), msa.Field(2), string.Join("; ", texts.Where(t => t.Length > 0)), duplicate);
    }

    public string Describe() => Text.Length == 0 ? $"MSA|{Code}" : $"MSA|{Code}: {Text}";
}
