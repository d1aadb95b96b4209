using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using Monitoring.Vitals;

namespace Monitoring.Hl7;

/// <summary>
/// IEEE 11073-10101 (MDC) observation and unit codes of the vital signs we monitor, as PCD-01 sends them in
/// OBX-3 and OBX-6, and the conversion of values to our catalog units (/min, %, mm[Hg], Cel). Numeric codes
/// are partition 2 (SCADA): 131072 + the term code. Skin temperature (MDC_TEMP_SKIN, 150388) is deliberately
/// not a temperature here: it runs several degrees below the body's and would read as hypothermia. 188496,
/// which some vendors send for axillary temperature, is not in the standard and stays unknown (MDC_TEMP_AXILLA
/// is 188452).
/// </summary>
public static class MdcVitalCodes
{
    /// <summary>mm[Hg] in one kPa.</summary>
    public const double MillimetresOfMercuryPerKilopascal = 7.50062;

    /// <summary>The coding system name of MDC codes in CWE fields (OBX-3.3, OBX-6.3).</summary>
    public const string CodingSystem = "MDC";

    private static readonly (int Code, string Mnemonic, VitalSign Sign)[] Observations =
    [
        (147842, "MDC_ECG_HEART_RATE", VitalSign.HeartRate),
        (149530, "MDC_PULS_OXIM_PULS_RATE", VitalSign.PulseRate),
        (149546, "MDC_PULS_RATE_NON_INV", VitalSign.PulseRate),
        (149522, "MDC_BLD_PULS_RATE_INV", VitalSign.PulseRate),
        (150456, "MDC_PULS_OXIM_SAT_O2", VitalSign.SpO2),
        (151562, "MDC_RESP_RATE", VitalSign.RespirationRate),
        (151570, "MDC_AWAY_RESP_RATE", VitalSign.RespirationRate),
        (151578, "MDC_TTHOR_RESP_RATE", VitalSign.RespirationRate), // transthoracic impedance
        (151594, "MDC_CO2_RESP_RATE", VitalSign.RespirationRate), // capnography
        (150021, "MDC_PRESS_BLD_NONINV_SYS", VitalSign.SystolicPressure),
        (150022, "MDC_PRESS_BLD_NONINV_DIA", VitalSign.DiastolicPressure),
        (150023, "MDC_PRESS_BLD_NONINV_MEAN", VitalSign.MeanArterialPressure),
        (150301, "MDC_PRESS_CUFF_SYS", VitalSign.SystolicPressure),
        (150302, "MDC_PRESS_CUFF_DIA", VitalSign.DiastolicPressure),
        (150303, "MDC_PRESS_CUFF_MEAN", VitalSign.MeanArterialPressure),
        (150033, "MDC_PRESS_BLD_ART_SYS", VitalSign.SystolicPressure),
        (150034, "MDC_PRESS_BLD_ART_DIA", VitalSign.DiastolicPressure),
        (150035, "MDC_PRESS_BLD_ART_MEAN", VitalSign.MeanArterialPressure),
        (150344, "MDC_TEMP", VitalSign.Temperature),
        (150364, "MDC_TEMP_BODY", VitalSign.Temperature),
        (150368, "MDC_TEMP_CORE", VitalSign.Temperature),
        (150392, "MDC_TEMP_TYMP", VitalSign.Temperature),
        (188420, "MDC_TEMP_RECT", VitalSign.Temperature),
        (188424, "MDC_TEMP_ORAL", VitalSign.Temperature),
        (188428, "MDC_TEMP_EAR", VitalSign.Temperature),
        (188452, "MDC_TEMP_AXILLA", VitalSign.Temperature),
    ];

    /// <summary>MDC_TEMP_SKIN: a temperature, but never the body's.</summary>
    private const string SkinTemperatureCode = "150388";

    private const string SkinTemperatureMnemonic = "MDC_TEMP_SKIN";

    private static readonly (string Code, string Mnemonic, string[] Ucum, MdcUnit Unit)[] Units =
    [
        ("264864", "MDC_DIM_BEAT_PER_MIN", ["{beat}/min", "{beats}/min"], MdcUnit.BeatsPerMinute),
        ("264928", "MDC_DIM_RESP_PER_MIN", ["{breath}/min", "{breaths}/min", "{Breaths}/min"], MdcUnit.BreathsPerMinute),
        ("", "", ["/min", "1/min"], MdcUnit.PerMinute),
        ("262688", "MDC_DIM_PERCENT", ["%"], MdcUnit.Percent),
        ("266016", "MDC_DIM_MMHG", ["mm[Hg]", "mmHg"], MdcUnit.MillimetresOfMercury),
        ("265987", "MDC_DIM_KILO_PASCAL", ["kPa"], MdcUnit.Kilopascals),
        ("268192", "MDC_DIM_DEGC", ["Cel"], MdcUnit.DegreesCelsius),
        ("266560", "MDC_DIM_FAHR", ["[degF]"], MdcUnit.DegreesFahrenheit),
    ];

    private static readonly FrozenDictionary<string, VitalSign> SignByCode =
        Observations.ToFrozenDictionary(o => o.Code.ToString(CultureInfo.InvariantCulture), o => o.Sign);

    private static readonly FrozenDictionary<string, VitalSign> SignByMnemonic =
        Observations.ToFrozenDictionary(o => o.Mnemonic, o => o.Sign, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, MdcUnit> UnitByName = Units
        .SelectMany(u => u.Ucum.Append(u.Code).Append(u.Mnemonic).Where(n => n.Length > 0).Select(n => (Name: n, u.Unit)))
        .ToFrozenDictionary(u => u.Name, u => u.Unit, StringComparer.Ordinal);

    /// <summary>
    /// The vital sign an OBX-3 names. The numeric code (component 1) decides when there is one; the
    /// mnemonic (component 2, or component 1 when it is not a number) is used when there is not. A code
    /// from another coding system, an unknown number, or a mnemonic naming another sign than the number
    /// gives false.
    /// </summary>
    public static bool TryGetSign(string code, string mnemonic, string codingSystem, out VitalSign sign)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(mnemonic);
        ArgumentNullException.ThrowIfNull(codingSystem);
        sign = default;
        code = code.Trim();
        mnemonic = mnemonic.Trim();
        if (codingSystem.Trim() is var system && system.Length > 0 && !system.Equals(CodingSystem, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (code.Length > 0 && !code.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            if (!SignByCode.TryGetValue(code, out sign))
            {
                return false;
            }

            return !SignByMnemonic.TryGetValue(mnemonic, out var named) || named == sign;
        }

        return SignByMnemonic.TryGetValue(code.Length > 0 ? code : mnemonic, out sign);
    }

    /// <summary>
    /// Whether an OBX-3 names skin temperature (MDC_TEMP_SKIN, 150388), by its number or, without one, its mnemonic:
    /// not a vital sign we take, and worth saying so apart from codes we do not know.
    /// </summary>
    public static bool IsSkinTemperature(string code, string mnemonic, string codingSystem)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(mnemonic);
        ArgumentNullException.ThrowIfNull(codingSystem);
        if (codingSystem.Trim() is var system && system.Length > 0 && !system.Equals(CodingSystem, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        code = code.Trim();
        return code.Length > 0 && !code.AsSpan().ContainsAnyExceptInRange('0', '9')
            ? code == SkinTemperatureCode
            : (code.Length > 0 ? code : mnemonic.Trim()).Equals(SkinTemperatureMnemonic, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// How a device writes an observation of <paramref name="code"/>, one of the codes read here (e.g. 150364): its
    /// own terms, and those of its sign's catalog unit (/min as beats or breaths per minute, %, mmHg, °C).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one of a vital sign read here.</exception>
    public static MdcObservation Observation(int code)
    {
        var (_, mnemonic, sign) = Array.Find(Observations, o => o.Code == code);
        if (mnemonic is null)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Not the MDC code of a vital sign read here.");
        }

        var catalogUnit = sign switch
        {
            VitalSign.HeartRate or VitalSign.PulseRate => MdcUnit.BeatsPerMinute,
            VitalSign.RespirationRate => MdcUnit.BreathsPerMinute,
            VitalSign.SpO2 => MdcUnit.Percent,
            VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure => MdcUnit.MillimetresOfMercury,
            VitalSign.Temperature => MdcUnit.DegreesCelsius,
            _ => throw new UnreachableException($"No catalog unit in MDC for {sign}."),
        };
        var unit = Array.Find(Units, u => u.Unit == catalogUnit);
        return new MdcObservation(sign, code.ToString(CultureInfo.InvariantCulture), mnemonic, unit.Code, unit.Mnemonic);
    }

    /// <summary>
    /// Converts a value of <paramref name="sign"/> to its catalog unit, given OBX-6.1 and OBX-6.2 (each may
    /// be an MDC code, an MDC mnemonic or a UCUM code). False when neither names a unit of that sign, or
    /// the two name different units. kPa and °F values are rounded to one decimal after conversion.
    /// </summary>
    public static bool TryConvert(VitalSign sign, double value, string unitCode, string unitText, out double converted)
    {
        ArgumentNullException.ThrowIfNull(unitCode);
        ArgumentNullException.ThrowIfNull(unitText);
        var first = UnitByName.GetValueOrDefault(unitCode.Trim());
        var second = UnitByName.GetValueOrDefault(unitText.Trim());
        var unit = first == MdcUnit.Unknown ? second : first;
        converted = double.NaN;
        if (second != MdcUnit.Unknown && second != unit)
        {
            return false;
        }

        converted = (sign, unit) switch
        {
            (VitalSign.HeartRate or VitalSign.PulseRate, MdcUnit.BeatsPerMinute or MdcUnit.PerMinute) => value,
            (VitalSign.RespirationRate, MdcUnit.BreathsPerMinute or MdcUnit.PerMinute) => value,
            (VitalSign.SpO2, MdcUnit.Percent) => value,
            (VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure, MdcUnit.MillimetresOfMercury) => value,
            (VitalSign.SystolicPressure or VitalSign.DiastolicPressure or VitalSign.MeanArterialPressure, MdcUnit.Kilopascals) =>
                Math.Round(value * MillimetresOfMercuryPerKilopascal, 1, MidpointRounding.AwayFromZero),
            (VitalSign.Temperature, MdcUnit.DegreesCelsius) => value,
            (VitalSign.Temperature, MdcUnit.DegreesFahrenheit) => Math.Round((value - 32) * 5 / 9, 1, MidpointRounding.AwayFromZero),
            _ => double.NaN,
        };
        return !double.IsNaN(converted);
    }
}
