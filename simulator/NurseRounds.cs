namespace Monitoring.Simulator;

/// <summary>
/// The nurses' rounds: every half hour, consciousness and air or oxygen are entered again for every bed,
/// as NEWS2 asks (they go stale after an hour, and the patient would be "observations overdue").
/// </summary>
public sealed class NurseRounds(MonitoringApiClient api, TimeProvider time, TextWriter output)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(30);

    /// <param name="monitored">Whether a bed's patient is still here (not discharged by the ADT feed); every bed when null.</param>
    public async Task RunAsync(IReadOnlyList<BedAssignment> beds, CancellationToken stop, Func<BedAssignment, bool>? monitored = null)
    {
        using var rounds = new PeriodicTimer(Every, time);
        try
        {
            while (await rounds.WaitForNextTickAsync(stop))
            {
                var missed = 0;
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = WardAdmission.Parallelism, CancellationToken = stop };
                await Parallel.ForEachAsync(beds.Where(bed => monitored?.Invoke(bed) ?? true), parallel, async (bed, ct) =>
                {
                    if (!(await api.PostAdmissionObservationsAsync(bed, ct)).IsSuccess)
                    {
                        Interlocked.Increment(ref missed);
                    }
                });

                if (missed > 0)
                {
                    output.WriteLine($"Nurse round: the observations of {missed} of {beds.Count} beds were not taken; the next round tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
