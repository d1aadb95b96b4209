using System.Text.RegularExpressions;
using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Api.Limits;

/// <summary>
/// The alarm codes a deeper tier may raise: lowercase letters, digits and hyphens, at most 40 characters,
/// never a code the system raises by itself (the ordinary <c>{vital}-low</c> and <c>{vital}-high</c>, the
/// technical <c>sensor-…</c> and <c>device-…</c>, the NEWS2 <c>news2-…</c>). One condition per code, so a
/// code is the condition's name on every screen and in the history.
/// </summary>
public static partial class AlarmTierCodes
{
    public const int MaxLength = 40;

    private static readonly string[] ReservedPrefixes = ["sensor-", "device-", "news2-"];

    /// <summary>The code a tier without one gets: <c>spo2-low-2</c> for the first deeper low tier of SpO2 (the ordinary one is depth 1).</summary>
    public static string Default(VitalSignInfo vital, LimitSide side, int index) =>
        $"{vital.Code}-{AlarmWords.Of(side)}-{index + 2}";

    /// <summary>Why <paramref name="code"/> cannot be a tier's code, or null when it can.</summary>
    public static string? Refusal(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length > MaxLength || !WellFormed().IsMatch(code))
        {
            return $"A code is 1 to {MaxLength} lowercase letters, digits and hyphens, starting with a letter or digit, e.g. \"spo2-desat\".";
        }

        if (ReservedPrefixes.FirstOrDefault(p => code.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"Codes starting '{prefix}' are the system's technical and NEWS2 alarms; choose another.";
        }

        return VitalSignCatalog.Codes.Any(v => code == v + "-low" || code == v + "-high")
            ? $"'{code}' is an ordinary limit's code; a deeper tier needs a code of its own."
            : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
