namespace Monitoring.Hl7;

/// <summary>ERR-4, the severity of an ERR segment (HL7 table 0516).</summary>
public enum Hl7ErrorSeverity
{
    /// <summary>E: the message, or part of it, was not processed.</summary>
    Error = 1,

    /// <summary>W: the message was processed, but not all of it as sent.</summary>
    Warning,

    /// <summary>I: for information only.</summary>
    Information,
}
