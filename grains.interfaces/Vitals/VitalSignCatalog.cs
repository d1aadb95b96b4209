using System.Collections.Frozen;

namespace Monitoring.Vitals;

/// <summary>
/// Our short codes for vital signs (as in API.md) and the units their values are kept in.
/// </summary>
public static class VitalSignCatalog
{
    private static readonly VitalSignInfo[] All =
    [
        new(VitalSign.HeartRate, "hr", "/min"),
        new(VitalSign.PulseRate, "pr", "/min"),
        new(VitalSign.SpO2, "spo2", "%"),
        new(VitalSign.RespirationRate, "rr", "/min"),
        new(VitalSign.SystolicPressure, "sbp", "mm[Hg]"),
        new(VitalSign.DiastolicPressure, "dbp", "mm[Hg]"),
        new(VitalSign.MeanArterialPressure, "map", "mm[Hg]"),
        new(VitalSign.Temperature, "temp", "Cel"),
    ];

    private static readonly FrozenDictionary<string, VitalSignInfo> ByCode =
        All.ToFrozenDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<VitalSign, VitalSignInfo> BySign = All.ToFrozenDictionary(i => i.Sign);

    /// <summary>The short codes accepted in JSON readings, for error messages.</summary>
    public static IEnumerable<string> Codes => All.Select(i => i.Code);

    public static bool TryGetByCode(string code, out VitalSignInfo info) => ByCode.TryGetValue(code, out info!);

    public static VitalSignInfo Get(VitalSign sign) => BySign[sign];
}

/// <summary>What we know about one vital sign.</summary>
/// <param name="Sign">The sign.</param>
/// <param name="Code">Our short code, as used in JSON and in alarm codes.</param>
/// <param name="Unit">The UCUM unit values are kept in.</param>
public sealed record VitalSignInfo(VitalSign Sign, string Code, string Unit);
