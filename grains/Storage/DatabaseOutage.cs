using Microsoft.Extensions.Logging;
using Monitoring.Telemetry;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// Whether PostgreSQL is out, decided once for every writer of the silo (a circuit breaker they share).
/// The first write that cannot reach the database, or that stalls, opens it; from then on no grain turn
/// waits on the database: readings are answered from the vitals buffer, snapshots, alarm history and
/// reminders are put off, and a write its caller must wait for is refused at once
/// (<see cref="StorageUnavailableException"/>). <see cref="DatabaseOutageProbe"/> tries the database
/// while it is open and closes it when it answers.
/// </summary>
public sealed partial class DatabaseOutage(TimeProvider time, ILogger<DatabaseOutage> logger)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _opened = NewSignal();
    private TaskCompletionSource _closed = Signalled();
    private DateTimeOffset _openedAt;
    private volatile bool _isOpen;
    private long _deferred;

    public bool IsOpen => _isOpen;

    /// <summary>Completes when the outage begins (at once while it lasts).</summary>
    public Task WhenOpened
    {
        get
        {
            lock (_lock)
            {
                return _opened.Task;
            }
        }
    }

    /// <summary>
    /// A write failed. If the failure means the database could not be reached or did not answer (not
    /// an error it answered with, nor a conflict), the outage begins now for every writer.
    /// </summary>
    public void ReportFailure(string write, Exception exception)
    {
        if (!MeansOut(exception))
        {
            return;
        }

        lock (_lock)
        {
            if (_isOpen)
            {
                return;
            }

            (_isOpen, _openedAt) = (true, time.GetUtcNow());
            _closed = NewSignal();
            _opened.TrySetResult();
        }

        LogOpened(write, exception.GetType().Name);
    }

    /// <summary>
    /// The database took a write, or answered the probe, that began at <paramref name="startedAt"/>. One
    /// that began before the outage proves nothing (it may have been sent before the database went).
    /// </summary>
    public void ReportSuccess(DateTimeOffset startedAt)
    {
        TimeSpan lasted;
        long deferred;
        lock (_lock)
        {
            if (!_isOpen || startedAt < _openedAt)
            {
                return;
            }

            _isOpen = false;
            lasted = time.GetUtcNow() - _openedAt;
            _opened = NewSignal();
            _closed.TrySetResult();
            deferred = Interlocked.Exchange(ref _deferred, 0);
        }

        LogClosed(lasted.TotalSeconds, deferred);
    }

    /// <summary>A write was put off because the database is out (or a write of the same thing is still under way).</summary>
    public void CountDeferred(string write)
    {
        Interlocked.Increment(ref _deferred);
        MonitoringTelemetry.DatabaseWritesDeferred.Add(1, new KeyValuePair<string, object?>("write", write));
    }

    /// <summary>A write its caller must wait for cannot be made now: the caller hears "nothing was stored, send it again".</summary>
    public void ThrowIfOpen()
    {
        if (_isOpen)
        {
            throw new StorageUnavailableException();
        }
    }

    /// <summary>Returns once the outage is over, or after <paramref name="atMost"/>.</summary>
    public async Task WaitForCloseAsync(TimeSpan atMost)
    {
        Task closed;
        lock (_lock)
        {
            closed = _closed.Task;
        }

        await Task.WhenAny(closed, Task.Delay(atMost, time));
    }

    /// <summary>Unreachable, refused, reset or silent; not an error the server answered with, unless it says it is going away or full.</summary>
    private static bool MeansOut(Exception exception)
    {
        if (!Outages.IsDatabaseOutage(exception))
        {
            return false;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException answered)
            {
                // 08: connection exception, 53: insufficient resources, 57P: the server shutting down or starting.
                return answered.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || answered.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || answered.SqlState.StartsWith("57P", StringComparison.Ordinal);
            }
        }

        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource Signalled()
    {
        var signal = NewSignal();
        signal.SetResult();
        return signal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is out ({Write} failed: {Exception}); grains stop waiting on it: readings are answered from the buffer, snapshots, alarm history and reminders wait, admissions and limit changes are refused until it answers again")]
    private partial void LogOpened(string write, string exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL answers again after {Seconds:0.0} s; {Deferred} writes were put off meanwhile and are being made")]
    private partial void LogClosed(double seconds, long deferred);
}
