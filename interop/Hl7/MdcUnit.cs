namespace Monitoring.Hl7;

/// <summary>The units of measure OBX-6 may name for the vital signs we read.</summary>
internal enum MdcUnit
{
    Unknown = 0,

    /// <summary>/min, of no particular event.</summary>
    PerMinute,

    /// <summary>MDC_DIM_BEAT_PER_MIN.</summary>
    BeatsPerMinute,

    /// <summary>MDC_DIM_RESP_PER_MIN.</summary>
    BreathsPerMinute,

    /// <summary>MDC_DIM_PERCENT.</summary>
    Percent,

    /// <summary>MDC_DIM_MMHG.</summary>
    MillimetresOfMercury,

    /// <summary>MDC_DIM_KILO_PASCAL.</summary>
    Kilopascals,

    /// <summary>MDC_DIM_DEGC.</summary>
    DegreesCelsius,

    /// <summary>MDC_DIM_FAHR.</summary>
    DegreesFahrenheit,
}
