using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>
/// Turns <c>--deteriorate 3,5</c> and <c>--scenario 3=sepsis,10-20=noisy,all=...</c> into one scenario per bed.
/// <c>--deteriorate</c> beds are septic; <c>--scenario</c> entries follow in order, a later entry winning.
/// </summary>
public static class ScenarioListParser
{
    public const string ScenarioExpected = "bed=scenario entries separated by commas, where bed is n, n-m or all and scenario is ";

    /// <returns>The scenario of every bed that is not stable, or null with <paramref name="error"/> set.</returns>
    public static SortedDictionary<int, ScenarioKind>? Parse(
        string deteriorate, IReadOnlyList<string> scenarioLists, int bedCount, out string? error)
    {
        ArgumentNullException.ThrowIfNull(deteriorate);
        ArgumentNullException.ThrowIfNull(scenarioLists);
        var scenarios = new SortedDictionary<int, ScenarioKind>();
        error = null;
        if (!IsNone(deteriorate))
        {
            foreach (var part in deteriorate.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!TryBeds(part, bedCount, allowRanges: false, out var first, out _))
                {
                    error = $"Invalid value '{deteriorate}' for --deteriorate: expected a comma list of beds from 1 to {bedCount}.";
                    return null;
                }

                scenarios[first] = ScenarioKind.Sepsis;
            }
        }

        foreach (var entry in scenarioLists.Where(list => !IsNone(list)).SelectMany(list => list.Split(',', StringSplitOptions.TrimEntries)))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0
                || !TryBeds(entry[..equals].Trim(), bedCount, allowRanges: true, out var first, out var last)
                || !BedScenario.TryParse(entry[(equals + 1)..].Trim(), out var kind))
            {
                error = $"Invalid entry '{entry}' for --scenario: expected {ScenarioExpected}{Names} (beds 1 to {bedCount}).";
                return null;
            }

            for (var bed = first; bed <= last; bed++)
            {
                if (kind == ScenarioKind.Stable)
                {
                    scenarios.Remove(bed);
                }
                else
                {
                    scenarios[bed] = kind;
                }
            }
        }

        return scenarios;
    }

    public static string Names => string.Join('|', BedScenario.All.Select(BedScenario.NameOf));

    private static bool IsNone(string list) => list.Length == 0 || list.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static bool TryBeds(string beds, int bedCount, bool allowRanges, out int first, out int last)
    {
        var dash = beds.IndexOf('-', StringComparison.Ordinal);
        if (allowRanges && (beds.Equals("all", StringComparison.OrdinalIgnoreCase) || beds == "*"))
        {
            (first, last) = (1, bedCount);
            return true;
        }

        if (allowRanges && dash > 0)
        {
            return TryBed(beds[..dash], bedCount, out first) & TryBed(beds[(dash + 1)..], bedCount, out last) && first <= last;
        }

        var valid = TryBed(beds, bedCount, out first);
        last = first;
        return valid;
    }

    private static bool TryBed(string value, int bedCount, out int bed) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out bed) && bed >= 1 && bed <= bedCount;
}
