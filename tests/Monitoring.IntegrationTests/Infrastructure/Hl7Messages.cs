using System.Globalization;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>HL7 v2 messages a bedside gateway sends: ORU^R01 with one reading, for a device named by its EUI-64.</summary>
public static class Hl7Messages
{
    /// <summary>A new device id, as a gateway names a device (EUI-64, 16 hex digits).</summary>
    public static string Eui64() => Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);

    /// <summary>An ORU^R01 with one numeric reading (an MDC code; % for SpO2, mmHg for blood pressures, beats per minute otherwise).</summary>
    public static string OneReading(string device, string controlId, string code, double value, DateTimeOffset at)
    {
        var time = at.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";
        var unit = code switch
        {
            _ when code.StartsWith("150456", StringComparison.Ordinal) => "262688^MDC_DIM_PERCENT^MDC",
            _ when code.StartsWith("1500", StringComparison.Ordinal) => "266016^MDC_DIM_MMHG^MDC",
            _ => "264864^MDC_DIM_BEAT_PER_MIN^MDC",
        };
        return $"MSH|^~\\&|GW^{device}^EUI-64|WARD|||{time}||ORU^R01^ORU_R01|{controlId}|P|2.6\r" +
               $"OBR|1|X^GW^{device}^EUI-64||182777000^monitoring of patient^SNOMED-CT|||{time}\r" +
               $"OBX|1|NM|{code}|1.1.1.1|{value.ToString(CultureInfo.InvariantCulture)}|{unit}|||||R|||{time}\r";
    }
}
