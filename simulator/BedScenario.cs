namespace Monitoring.Simulator;

/// <summary>
/// What a scenario does to one bed over time: where its vitals are heading, whether the device is silent,
/// and any artefacts on single samples. Instances are per bed, since some keep state.
/// </summary>
public abstract class BedScenario
{
    /// <summary>Every scenario, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<ScenarioKind> All { get; } =
    [
        ScenarioKind.Stable, ScenarioKind.Sepsis, ScenarioKind.Hypoxia,
        ScenarioKind.Bradycardia, ScenarioKind.Disconnect, ScenarioKind.Noisy,
    ];

    public abstract ScenarioKind Kind { get; }

    public string Name => NameOf(Kind);

    /// <summary>Where the vitals should be (before noise) <paramref name="elapsed"/> after streaming began.</summary>
    public virtual VitalSignsBaseline Shape(VitalSignsBaseline baseline, TimeSpan elapsed) => baseline;

    /// <summary>Whether the device sends nothing at <paramref name="elapsed"/>.</summary>
    public virtual bool IsSilent(TimeSpan elapsed) => false;

    /// <summary>Lets a scenario replace values in one finished sample (artefacts).</summary>
    public virtual VitalSignsSnapshot Disturb(VitalSignsSnapshot sample, Random random) => sample;

    public static BedScenario Create(ScenarioKind kind, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            ScenarioKind.Stable => new StableScenario(),
            ScenarioKind.Sepsis => new SepsisScenario(options.Ramp),
            ScenarioKind.Hypoxia => new HypoxiaScenario(),
            ScenarioKind.Bradycardia => new BradycardiaScenario(),
            ScenarioKind.Disconnect => new DisconnectScenario(options.Gap),
            ScenarioKind.Noisy => new NoisySignalScenario(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known scenario."),
        };
    }

    public static string NameOf(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Stable => "stable",
        ScenarioKind.Sepsis => "sepsis",
        ScenarioKind.Hypoxia => "hypoxia",
        ScenarioKind.Bradycardia => "bradycardia",
        ScenarioKind.Disconnect => "disconnect",
        ScenarioKind.Noisy => "noisy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a known scenario."),
    };

    public static bool TryParse(string name, out ScenarioKind kind)
    {
        foreach (var candidate in All)
        {
            if (NameOf(candidate).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = ScenarioKind.Stable;
        return false;
    }

    /// <summary>0 before <paramref name="start"/>, 1 from <paramref name="start"/> + <paramref name="length"/>, linear between.</summary>
    protected static double Progress(TimeSpan elapsed, TimeSpan start, TimeSpan length) =>
        length <= TimeSpan.Zero ? (elapsed >= start ? 1 : 0) : Math.Clamp((elapsed - start) / length, 0, 1);
}
