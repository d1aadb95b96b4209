namespace Monitoring.Simulator;

/// <summary>
/// Admits a patient to every bed, binds each bed's device to its patient and enters the nurse's admission
/// observations (alert, on air; so NEWS2 is complete) over the HTTP api, a bounded number of beds at a
/// time and at the api client's pace. Admission and binding always use HTTP, whatever transport the
/// readings take. A large ward says every few seconds how far it is and what it waits for.
/// </summary>
/// <remarks>With an <see cref="AdtSource"/>, the patients are admitted by its A01 messages instead, once the unit's and its
/// step-down unit's locations are mapped.</remarks>
public sealed class WardAdmission(SimulatorOptions options, MonitoringApiClient api, TimeProvider time, TextWriter output, AdtSource? adt = null)
{
    /// <summary>How often a ward larger than <see cref="BedsListed"/> reports its progress while it is set up.</summary>
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>Beds set up at once: thousands of beds take seconds, without flooding the api.</summary>
    public const int Parallelism = 64;

    /// <summary>Up to this many beds, each bed gets its own line; beyond it only a count and the problems.</summary>
    public const int BedsListed = 64;

    private const int ProblemsListed = 20;

    /// <returns>Whether every bed was set up.</returns>
    public async Task<bool> RunAsync(IReadOnlyList<BedAssignment> beds, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(beds);
        var problems = new string?[beds.Count];
        var done = 0;
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var progress = beds.Count > BedsListed ? ReportProgressAsync(beds.Count, () => Volatile.Read(ref done), finished.Token) : Task.CompletedTask;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = shutdown };
        await Parallel.ForEachAsync(beds, parallel, async (bed, ct) =>
        {
            try
            {
                await SetUpAsync(bed, ct);
            }
            finally
            {
                Interlocked.Increment(ref done);
            }
        });
        await finished.CancelAsync();
        await progress;

        async Task SetUpAsync(BedAssignment bed, CancellationToken ct)
        {
            var notAdmitted = adt is null ? await api.AdmitAsync(bed, ct) is { IsSuccess: false } refused ? refused.Describe() : null : await AdmitByAdtAsync(bed, ct);
            var bound = notAdmitted is null ? await api.BindAsync(bed, ct) : null;
            var observed = bound is { IsSuccess: true } ? await api.PostAdmissionObservationsAsync(bed, ct) : null;
            problems[bed.Bed - 1] = notAdmitted is not null ? $"admitting {bed.PatientId} failed: {notAdmitted}"
                : bound is { IsSuccess: false } ? $"binding {bed.DeviceId} failed: {bound.Describe()}"
                : observed is { IsSuccess: false } ? $"the admission observations of {bed.PatientId} failed: {observed.Describe()}"
                : null;
        }

        var failed = beds.Where(bed => problems[bed.Bed - 1] is not null).ToList();
        if (beds.Count <= BedsListed)
        {
            foreach (var bed in beds)
            {
                output.WriteLine(problems[bed.Bed - 1] is { } problem
                    ? $"bed {bed.BedLabel}: {problem}"
                    : $"bed {bed.BedLabel}: patient {bed.PatientId} <- device {bed.DeviceId}{Scenario(bed)}");
            }
        }
        else
        {
            output.WriteLine($"{beds.Count - failed.Count} of {beds.Count} beds set up: patients {beds[0].PatientId}..{beds[^1].PatientId}, one device each.");
            foreach (var bed in failed.Take(ProblemsListed))
            {
                output.WriteLine($"bed {bed.BedLabel}: {problems[bed.Bed - 1]}");
            }

            if (failed.Count > ProblemsListed)
            {
                output.WriteLine($"... and {failed.Count - ProblemsListed} more beds that could not be set up.");
            }
        }

        if (failed.Count > 0)
        {
            output.WriteLine($"{failed.Count} of {beds.Count} beds could not be set up; not streaming.");
        }

        return failed.Count == 0;
    }

    /// <summary>Maps the bed's location on the ward and on its step-down unit, then sends its A01; the problem, if any.</summary>
    private async Task<string?> AdmitByAdtAsync(BedAssignment bed, CancellationToken ct)
    {
        foreach (var unit in new[] { bed.UnitId, AdtSchedule.StepDownOf(bed.UnitId) })
        {
            var mapped = await api.MapLocationAsync(unit, bed.Bed, ct);
            if (!mapped.IsSuccess)
            {
                return $"mapping its location on {unit} failed: {mapped.Describe()}";
            }
        }

        return await adt!.AdmitAsync(bed, ct) is { } problem ? $"ADT A01: {problem}" : null;
    }

    private async Task ReportProgressAsync(int beds, Func<int> done, CancellationToken finished)
    {
        using var timer = new PeriodicTimer(ProgressEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(finished))
            {
                var pace = api.Pacer is { } pacer ? $"paced at {pacer.PerSecond:0.#} requests a second" : "not paced";
                var waits = api.RateLimitedWaits;
                output.WriteLine($"setting up the ward: {done()} of {beds} beds done, {pace}"
                    + (waits > 0 ? $"; the api asked {waits} times to wait (429, Retry-After), and each wait was taken" : ""));
            }
        }
        catch (OperationCanceledException)
        {
            // Set up, or stopped.
        }
    }

    private string Scenario(BedAssignment bed) =>
        options.ScenarioFor(bed.Bed) is var kind && kind != ScenarioKind.Stable ? $" ({BedScenario.NameOf(kind)})" : "";
}
