using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.Storage;

namespace Monitoring.Replay;

/// <summary>
/// Runs the what-if replays the api queues (<see cref="ReplayJobs"/>), one at a time per silo, off every request path:
/// for each patient of the unit in the period, the stored batches go through a <see cref="PatientReplay"/> under the
/// proposal, and the outcome sets it beside the stored alarms (<see cref="ReplayComparison"/>). Progress is stored with
/// each renewal of the claim.
/// </summary>
public sealed partial class AlarmReplayWorker(
    ReplayJobs jobs, ReplayHistory history, IGrainFactory grains, DatabaseOutage outage, IOptions<ReplayOptions> options,
    IOptions<AlarmClockOptions> clock, TimeProvider time, ILogger<AlarmReplayWorker> logger) : BackgroundService
{
    /// <summary>How much of the history is read at once, for every patient of the replay.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (outage.IsOpen)
            {
                continue;
            }

            try
            {
                while (await jobs.ClaimAsync(_owner, options.Value.Lease, stoppingToken) is var (job, attempts))
                {
                    if (attempts > options.Value.MaxAttempts)
                    {
                        await jobs.FailAsync(job.ReplayId, _owner, $"Gave up after {attempts - 1} attempts (each silo running it stopped).", stoppingToken);
                        continue;
                    }

                    await RunAsync(job, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(exception);
            }
        }
    }

    /// <summary>Runs one replay; a failure marks it failed with the reason, and losing the claim stops it.</summary>
    private async Task RunAsync(ReplayJob job, CancellationToken stoppingToken)
    {
        LogStarted(job.ReplayId, job.UnitId);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new ReplayProgress();
        var renewals = RenewAsync(job, progress, lost);
        try
        {
            var (baselineRules, outcome) = await ReplayAsync(job, progress, lost.Token);
            await lost.CancelAsync();
            await renewals;
            if (await jobs.FinishAsync(job.ReplayId, _owner, baselineRules, outcome, progress.Total, progress.Batches, stoppingToken))
            {
                LogFinished(job.ReplayId, progress.Total, progress.Batches, outcome.Totals.Stored, outcome.Totals.Proposed);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogClaimLost(job.ReplayId);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(exception, job.ReplayId);
            await jobs.FailAsync(job.ReplayId, _owner, $"The replay failed: {exception.GetType().Name}.", stoppingToken);
        }
        finally
        {
            await lost.CancelAsync();
            await renewals;
        }
    }

    private async Task<(ImmutableArray<AlarmRule> BaselineRules, ReplayOutcome Outcome)> ReplayAsync(ReplayJob job, ReplayProgress progress, CancellationToken cancellationToken)
    {
        var policy = await grains.GetUnit(job.UnitId).GetPolicyAsync();
        var proposedPolicy = job.PatientId is null ? policy with { Rules = AlarmRuleSet.Apply(policy.Rules, job.Proposal) } : policy;
        var patients = await history.PatientsAsync(job.UnitId, job.PatientId, job.From, job.To, cancellationToken);
        var stored = await history.StoredAlarmsAsync(job.UnitId, job.PatientId, job.From, job.To, cancellationToken);
        var signs = await history.SignsAsync(cancellationToken);
        progress.Total = patients.Count;

        var runs = new List<PatientRun>();
        var rulesInForce = policy.Rules;
        foreach (var patient in patients)
        {
            var settings = await grains.GetPatient(patient.PatientId).GetAlarmSettingsAsync();
            if (patient.PatientId == job.PatientId)
            {
                rulesInForce = AlarmRuleSet.Apply(policy.Rules, settings.Overrides); // the patient's: what applying it checks against
            }

            var start = patient.From == job.From ? job.From - options.Value.WarmUp : patient.From;
            var replay = new PatientReplay(patient.PatientId, patient.Bed, proposedPolicy, job.PatientId is null ? settings.Overrides : job.Proposal,
                settings.SpO2Scale, clock.Value.News2MaxAge, start);
            runs.Add(new PatientRun(patient, start, replay, await history.AcknowledgementsAsync(patient.PatientId, start, patient.To, cancellationToken)));
        }

        if (job.PatientId is { } absent && !patients.Any(p => p.PatientId == absent))
        {
            // Not on the unit in the period (admitted since): nothing to replay, but applying still checks their rules.
            rulesInForce = AlarmRuleSet.Apply(policy.Rules, (await grains.GetPatient(absent).GetAlarmSettingsAsync()).Overrides);
        }

        await RunWindowsAsync(runs, signs, progress, cancellationToken);
        var proposed = runs.SelectMany(r => r.Replay.Alarms).Where(a => a.RaisedAt >= job.From && a.RaisedAt < job.To).ToList();
        return (rulesInForce, ReplayComparison.Compare(stored, proposed, job.FlagDelay));
    }

    /// <summary>
    /// Replays the patients in <see cref="ReplayOptions.Parallelism"/> groups side by side, each group reading the history
    /// a window at a time for all its patients at once (one query a window), the next window while this one is replayed.
    /// </summary>
    private async Task RunWindowsAsync(List<PatientRun> runs, IReadOnlyDictionary<short, Vitals.VitalSign> signs, ReplayProgress progress, CancellationToken cancellationToken)
    {
        var groups = runs.Select((run, i) => (run, i)).GroupBy(x => x.i % options.Value.Parallelism, x => x.run).Select(g => g.ToList()).ToList();
        await Task.WhenAll(groups.Select(group => Task.Run(() => RunGroupAsync(group, signs, progress, cancellationToken), cancellationToken)));
    }

    private async Task RunGroupAsync(List<PatientRun> runs, IReadOnlyDictionary<short, Vitals.VitalSign> signs, ReplayProgress progress, CancellationToken cancellationToken)
    {
        var ids = runs.Select(r => r.Patient.PatientId).ToArray();
        var (first, last) = (runs.Min(r => r.Start), runs.Max(r => r.Patient.To));
        // Two windows take turns: the next is read while this one is replayed.
        var (window, spare) = (new ReplayWindow(ids), new ReplayWindow(ids));
        var next = history.WindowAsync(window, first, Min(first + Window, last), signs, cancellationToken);
        for (var from = first; next is not null; from += Window)
        {
            var to = Min(from + Window, last);
            await next;
            next = to < last ? history.WindowAsync(spare, to, Min(to + Window, last), signs, cancellationToken) : null;
            foreach (var run in runs)
            {
                var taken = run.Feed(window, to);
                Interlocked.Add(ref progress.Batches, taken);
                if (run.Patient.To <= to && run.Patient.To > from)
                {
                    run.Finish();
                    Interlocked.Increment(ref progress.Done);
                }
            }

            (window, spare) = (spare, window);
        }

        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }

    /// <summary>Renews the claim with the progress every third of the lease until the replay ends; cancels it when the claim is lost.</summary>
    private async Task RenewAsync(ReplayJob job, ReplayProgress progress, CancellationTokenSource lost)
    {
        var lease = options.Value.Lease;
        try
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(lease / 3, time, lost.Token);
                if (!await jobs.ProgressAsync(job.ReplayId, _owner, lease, progress.Total, progress.Done, Interlocked.Read(ref progress.Batches), lost.Token))
                {
                    await lost.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The replay ended, or the silo is stopping.
        }
        catch (Exception exception)
        {
            // PostgreSQL out for a moment: the claim holds until its lease runs out; the next renewal may still make it.
            LogRenewFailed(exception, job.ReplayId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "What-if replay {ReplayId} of unit {UnitId} started")]
    private partial void LogStarted(Guid replayId, string unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "What-if replay {ReplayId} done: {Patients} patients, {Batches} batches; alarms stored {Stored}, proposed {Proposed}")]
    private partial void LogFinished(Guid replayId, int patients, long batches, int stored, int proposed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "What-if replay {ReplayId} is no longer this silo's (its claim ran out); stopped")]
    private partial void LogClaimLost(Guid replayId);

    [LoggerMessage(Level = LogLevel.Error, Message = "What-if replay {ReplayId} failed")]
    private partial void LogFailed(Exception exception, Guid replayId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the claim of what-if replay {ReplayId}")]
    private partial void LogRenewFailed(Exception exception, Guid replayId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for what-if replays failed; trying again")]
    private partial void LogPollFailed(Exception exception);

    /// <summary>How far a replay has got, shared by the patients replayed at once and the renewals.</summary>
    private sealed class ReplayProgress
    {
        public int Total;
        public int Done;
        public long Batches;
    }
}
