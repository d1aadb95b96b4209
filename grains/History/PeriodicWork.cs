using Monitoring.Storage;

namespace Monitoring.History;

/// <summary>
/// The loop of the history's background jobs (partitions ahead, the minute roll-up, retention): one run
/// per tick; a run that fails is reported to the outage and to the job's log, and the next tick tries again.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider time, bool runAtStart, Func<CancellationToken, Task> run,
        DatabaseOutage outage, string work, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        if (!runAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }

        do
        {
            try
            {
                await run(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                outage.ReportFailure(work, exception);
                failed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
