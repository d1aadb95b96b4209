using System.Collections.Frozen;

namespace Monitoring.Vitals;

/// <summary>
/// Our short codes for vital signs (as in API.md), the units their values are kept in, and the range
/// a living patient's value can have at all: a value outside it is a sensor fault, not a patient.
/// </summary>
public static class VitalSignCatalog
{
    private static readonly VitalSignInfo[] All =
    [
        new(VitalSign.HeartRate, "hr", "/min", 0, 350), // 0 from the ECG is asystole, not a fault
        new(VitalSign.PulseRate, "pr", "/min", 1, 350),
        new(VitalSign.SpO2, "spo2", "%", 1, 100),
        new(VitalSign.RespirationRate, "rr", "/min", 0, 150),
        new(VitalSign.SystolicPressure, "sbp", "mm[Hg]", 20, 300),
        new(VitalSign.DiastolicPressure, "dbp", "mm[Hg]", 10, 250),
        new(VitalSign.MeanArterialPressure, "map", "mm[Hg]", 15, 280),
        new(VitalSign.Temperature, "temp", "Cel", 25, 45),
        new(VitalSign.Consciousness, "consciousness", ConsciousnessUnit, 1, 5),
        new(VitalSign.SupplementalOxygen, "o2", OxygenUnit, 0, 1),
    ];

    /// <summary>The unit of consciousness values: an ACVPU letter, kept as the <see cref="Consciousness"/> number.</summary>
    public const string ConsciousnessUnit = "{ACVPU}";

    /// <summary>The unit of the oxygen flag: 1 on supplemental oxygen, 0 on air.</summary>
    public const string OxygenUnit = "{O2}";

    private static readonly FrozenDictionary<string, VitalSignInfo> ByCode =
        All.ToFrozenDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>By the sign's number: looked up several times for every reading taken.</summary>
    private static readonly VitalSignInfo?[] BySign = BySignNumber();

    /// <summary>The short codes accepted in JSON readings, for error messages.</summary>
    public static IEnumerable<string> Codes => All.Select(i => i.Code);

    public static bool TryGetByCode(string code, out VitalSignInfo info) => ByCode.TryGetValue(code, out info!);

    public static VitalSignInfo Get(VitalSign sign) =>
        (uint)sign < (uint)BySign.Length && BySign[(int)sign] is { } info ? info : throw new KeyNotFoundException($"No vital sign numbered {(int)sign}.");

    private static VitalSignInfo?[] BySignNumber()
    {
        var bySign = new VitalSignInfo?[All.Max(i => (int)i.Sign) + 1];
        foreach (var info in All)
        {
            bySign[(int)info.Sign] = info;
        }

        return bySign;
    }
}

/// <summary>What we know about one vital sign.</summary>
/// <param name="Sign">The sign.</param>
/// <param name="Code">Our short code, as used in JSON and in alarm codes.</param>
/// <param name="Unit">The UCUM unit values are kept in.</param>
/// <param name="PlausibleMinimum">The lowest value a living patient can have.</param>
/// <param name="PlausibleMaximum">The highest value a living patient can have.</param>
public sealed record VitalSignInfo(VitalSign Sign, string Code, string Unit, double PlausibleMinimum, double PlausibleMaximum)
{
    /// <summary>Whether a sensor that reports this value is measuring a patient at all.</summary>
    public bool IsPlausible(double value) => value >= PlausibleMinimum && value <= PlausibleMaximum;

    /// <summary>Whether a device measures it (as opposed to a nurse recording it).</summary>
    public bool IsMeasured => Sign is not (VitalSign.Consciousness or VitalSign.SupplementalOxygen);

    /// <summary>The code of its ordinary low-limit alarm (<c>hr-low</c>), made once.</summary>
    public string LowAlarmCode { get; } = Code + "-low";

    /// <summary>The code of its ordinary high-limit alarm (<c>hr-high</c>), made once.</summary>
    public string HighAlarmCode { get; } = Code + "-high";

    /// <summary>The name of its low-side ladder of limits (<c>hr:low</c>), made once.</summary>
    public string LowLadder { get; } = Code + ":low";

    /// <summary>The name of its high-side ladder of limits (<c>hr:high</c>), made once.</summary>
    public string HighLadder { get; } = Code + ":high";
}
