namespace Monitoring.Hl7;

/// <summary>Why an OBX of an ORU^R01 gave no reading; the first that applies, in this order.</summary>
public enum SkipReason
{
    /// <summary>OBX-2 and OBX-5 empty: a device, channel or group of the PCD-01 containment tree, not a measurement.</summary>
    Containment = 1,

    /// <summary>OBX-11 other than F, R, C, P, S, U or empty (X, D and W in particular).</summary>
    ExcludedStatus,

    /// <summary>OBX-2 NA or MA: sample arrays, not values.</summary>
    Waveform,

    /// <summary>OBX-3 is not one of <see cref="MdcVitalCodes"/>.</summary>
    UnknownCode,

    /// <summary>OBX-3 is MDC_TEMP_SKIN (150388): skin temperature is never a body temperature.</summary>
    SkinTemperature,

    /// <summary>OBX-2 not NM, SN or ST, or OBX-5 not a plain number.</summary>
    NonNumeric,

    /// <summary>OBX-6 names no unit we can convert for that code.</summary>
    UnknownUnit,

    /// <summary>
    /// The time that applies (OBX-14, else OBR-7, else MSH-7) is missing or malformed, or is a local time the
    /// assumed time zone skips (the hour lost when clocks spring forward).
    /// </summary>
    BadTime,
}
