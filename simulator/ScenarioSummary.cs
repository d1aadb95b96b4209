using System.Globalization;
using System.Text;

namespace Monitoring.Simulator;

/// <summary>Describes which beds run which scenario, with bed numbers folded into ranges (<c>3,5-9</c>).</summary>
public static class ScenarioSummary
{
    public static string Describe(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scenarios.Count == 0)
        {
            return "every bed stable";
        }

        var parts = options.Scenarios
            .GroupBy(pair => pair.Value, pair => pair.Key)
            .OrderBy(group => group.Key)
            .Select(group => $"{BedScenario.NameOf(group.Key)} on {Beds(group.Order().ToList())}{Detail(group.Key, options)}");
        var rest = options.Scenarios.Count == options.Beds ? "" : "; the rest stable";
        return string.Join(", ", parts) + rest;
    }

    private static string Detail(ScenarioKind kind, SimulatorOptions options) => kind switch
    {
        ScenarioKind.Sepsis => string.Create(CultureInfo.InvariantCulture, $" over {options.Ramp.TotalSeconds:0.#} s"),
        ScenarioKind.Disconnect => string.Create(
            CultureInfo.InvariantCulture,
            $" for {options.Gap.TotalSeconds:0.#} s from {DisconnectScenario.Onset.TotalSeconds:0} s"),
        _ => "",
    };

    private static string Beds(List<int> beds)
    {
        var text = new StringBuilder(beds.Count == 1 ? "bed " : "beds ");
        for (var i = 0; i < beds.Count; i++)
        {
            var first = beds[i];
            while (i + 1 < beds.Count && beds[i + 1] == beds[i] + 1)
            {
                i++;
            }

            text.Append(first.ToString(CultureInfo.InvariantCulture));
            if (beds[i] != first)
            {
                text.Append('-').Append(beds[i].ToString(CultureInfo.InvariantCulture));
            }

            text.Append(i + 1 < beds.Count ? "," : "");
        }

        return text.ToString();
    }
}
