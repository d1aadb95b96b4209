namespace Monitoring.Hl7;

/// <summary>Why an ORU^R01 message cannot be used at all.</summary>
public enum OruR01ErrorKind
{
    /// <summary>MSH-9 is not ORU^R01.</summary>
    WrongMessageType = 1,

    /// <summary>The message has no OBX segment.</summary>
    NoObservations = 2,

    /// <summary>No EUI-64 in any OBX-18, OBR-3 or MSH-3: the readings cannot be put to a bed.</summary>
    NoDevice = 3,
}
