namespace Monitoring.Simulator;

/// <summary>A patient who stays well: vitals wander around the baseline and nothing else happens.</summary>
public sealed class StableScenario : BedScenario
{
    public override ScenarioKind Kind => ScenarioKind.Stable;
}
