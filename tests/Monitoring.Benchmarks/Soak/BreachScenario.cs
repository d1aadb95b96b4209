using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>A stable patient whose device measures a fever (<see cref="BreachBook.BreachTemperature"/>) when the <see cref="BreachBook"/> says so.</summary>
public sealed class BreachScenario(BreachBook breaches, int device) : BedScenario
{
    public override ScenarioKind Kind => ScenarioKind.Stable;

    public override VitalSignsSnapshot Disturb(VitalSignsSnapshot sample, Random random) =>
        breaches.TakeDue(device) ? sample with { Temperature = BreachBook.BreachTemperature } : sample;
}
