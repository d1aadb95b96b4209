namespace Monitoring.Simulator;

/// <summary>One ADT event the simulated patient administration system sends: the trigger and the bed (1-based) whose patient it is about.</summary>
public sealed record AdtScheduledEvent(string Trigger, int Bed);

/// <summary>
/// What the simulated patient administration system does to the ward after admitting it, one event at a time: each
/// patient in turn is transferred to the step-down unit (A02), then each in turn is discharged from there (A03).
/// </summary>
public static class AdtSchedule
{
    /// <summary>The step-down unit the ward's patients are transferred to: the ward's id with <c>-sd</c>.</summary>
    public static string StepDownOf(string unitId) => unitId + "-sd";

    public static IEnumerable<AdtScheduledEvent> For(int beds)
    {
        for (var bed = 1; bed <= beds; bed++)
        {
            yield return new AdtScheduledEvent("A02", bed);
        }

        for (var bed = 1; bed <= beds; bed++)
        {
            yield return new AdtScheduledEvent("A03", bed);
        }
    }
}
