using System.Globalization;
using System.Text.Json;

namespace Monitoring.Simulator;

/// <summary>
/// What a nurse enters at admission and no monitor measures: consciousness (ACVPU) and whether the
/// patient breathes air or supplemental oxygen. With them, NEWS2 has all seven parameters.
/// </summary>
public sealed record NurseObservations(IReadOnlyList<NurseObservation> Readings)
{
    private static readonly JsonElement Alert = JsonDocument.Parse("\"A\"").RootElement.Clone();
    private static readonly JsonElement OnAir = JsonDocument.Parse("false").RootElement.Clone();

    /// <summary>Alert, on room air: the usual admission round.</summary>
    public static NurseObservations AlertOnAir(DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new([new("consciousness", Alert, stamp), new("o2", OnAir, stamp)]);
    }
}

/// <summary>One entered observation: a code, its value (a letter or a yes/no) and when it was observed.</summary>
public sealed record NurseObservation(string Code, JsonElement Value, string At);
