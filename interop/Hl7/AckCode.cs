namespace Monitoring.Hl7;

/// <summary>MSA-1, the acknowledgement code (HL7 table 0008), original mode.</summary>
public enum AckCode
{
    /// <summary>Application accept: the message was processed.</summary>
    AA = 1,

    /// <summary>Application error: the message was understood but could not be processed; resending it as is will not help.</summary>
    AE = 2,

    /// <summary>Application reject: the message was not understood (unparseable, wrong type or version, ...).</summary>
    AR = 3,
}
