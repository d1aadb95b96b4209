namespace Monitoring.Simulator;

/// <summary>
/// A lead-off or network loss: the device streams normally, falls silent <see cref="Onset"/> after streaming
/// began for the gap (closing any connection it holds), then resumes. Vitals stay stable throughout.
/// </summary>
public sealed class DisconnectScenario(TimeSpan gap) : BedScenario
{
    public static readonly TimeSpan Onset = TimeSpan.FromSeconds(20);

    public TimeSpan Gap { get; } = gap;

    public override ScenarioKind Kind => ScenarioKind.Disconnect;

    public override bool IsSilent(TimeSpan elapsed) => elapsed >= Onset && elapsed < Onset + Gap;
}
