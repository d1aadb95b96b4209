using Monitoring.Telemetry;

namespace Monitoring.Storage;

/// <summary>
/// One kind of write a grain makes from its turns (its snapshot, its alarm history, its reminder), so
/// that no turn waits on a database that is out: it is not started while the outage lasts, nor while
/// the previous one is still under way (two writes of one grain's state at once would conflict), and a
/// turn waits for it at most <see cref="DatabaseOutageOptions.StallAfter"/>. Not thread-safe: one per
/// grain activation, used from its turns.
/// </summary>
public sealed class BoundedWrite(string write, DatabaseOutage outage, TimeSpan stallAfter, TimeProvider time)
{
    private Task? _running;

    private bool IsRunning => _running is { IsCompleted: false };

    /// <summary>
    /// A write that can wait: <c>true</c> once made; <c>false</c> when put off (the database is out, the
    /// previous write is still under way, or this one failed or stalled), for the caller to try again later.
    /// Errors that do not mean an outage are thrown.
    /// </summary>
    public async Task<bool> TryAsync(Func<Task> makeWrite)
    {
        ArgumentNullException.ThrowIfNull(makeWrite);
        if (outage.IsOpen || IsRunning)
        {
            outage.CountDeferred(write);
            return false;
        }

        var running = makeWrite();
        _running = running;
        try
        {
            await running.WaitAsync(stallAfter, time);
            return true;
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            // Stalled: the turn goes on; the write ends in the background (and is not started again until it has).
            Failed(new TimeoutException($"The {write} write took longer than {stallAfter.TotalMilliseconds:0} ms."));
            _running = ObserveAsync(running);
            return false;
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            Failed(exception);
            return false;
        }
    }

    /// <summary>
    /// A write the caller must wait for (an admission, a change of limits): refused at once with
    /// <see cref="StorageUnavailableException"/> while the database is out or the previous write is under
    /// way, otherwise waited for to the end.
    /// </summary>
    public async Task MustAsync(Func<Task> makeWrite)
    {
        ArgumentNullException.ThrowIfNull(makeWrite);
        outage.ThrowIfOpen();
        if (IsRunning)
        {
            throw new StorageUnavailableException();
        }

        var running = makeWrite();
        _running = running;
        try
        {
            await running;
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            outage.ReportFailure(write, exception);
            throw;
        }
    }

    /// <summary>Waits for a write still under way from an earlier turn (whatever becomes of it), or until cancelled.</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        if (_running is { } running)
        {
            await Task.WhenAny(running, Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken));
        }
    }

    private void Failed(Exception exception)
    {
        MonitoringTelemetry.DatabaseFailures.Add(1, new KeyValuePair<string, object?>("write", write));
        outage.ReportFailure(write, exception);
        outage.CountDeferred(write);
    }

    private async Task ObserveAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            outage.ReportFailure(write, exception);
        }
        catch (Exception)
        {
            // Not an outage (a conflict, say): the next write of the same state meets it again, in a turn, and throws it there.
        }
    }
}
