using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Push;
using Monitoring.Api.Security;
using Monitoring.Hosting;
using Monitoring.Telemetry;
using Monitoring.Watchdog;
using Npgsql;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// The end-to-end alarm-path watchdog of this api host (docs/operations.md#the-alarm-path-watchdog): every
/// <c>Watchdog:Interval</c> its synthetic device sends a breaching reading to the device's grain, and this host's own
/// hub client times the alarm's arrival (<c>monitoring.watchdog.delivery</c>). Late or missing arrivals in a row make
/// the path degraded (<see cref="WatchdogVerdict"/>): readiness says Degraded, the audit trail records it, and every
/// central station, through the hosts' board, shows the technical alarm <c>monitoring-path-degraded</c> naming the host.
/// </summary>
public sealed partial class WatchdogProbe(
    IClusterClient client,
    IServer server,
    IHostApplicationLifetime lifetime,
    WatchdogStatus status,
    AuditTrail audit,
    WatchdogBoard board,
    NpgsqlDataSource database,
    IOptions<WatchdogOptions> options,
    TimeProvider time,
    ILogger<WatchdogProbe> logger) : BackgroundService
{
    private readonly WatchdogOptions _options = options.Value;
    private readonly WatchdogVerdict _verdict = new(options.Value.DegradeAfter, options.Value.ClearAfter);
    private bool _bedReady;

    /// <summary>How long the board keeps a host that stopped reporting (one that stops cleanly withdraws at once).</summary>
    private TimeSpan BoardExpiry => (_options.Interval * 3) + TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var (host, hubUrl) = WatchdogAddress.Of(server, _options.HostName);
        status.Started(host);
        MonitoringTelemetry.ObserveWatchdog(() => status.Own is { } own ? (own.Host, own.Degraded) : (host, false));
        var bed = new WatchdogBed(client, host);
        await using var listener = new WatchdogHubClient(hubUrl, time);
        using var timer = new PeriodicTimer(_options.Interval, time);
        long probe = 0;
        do
        {
            var sentAt = time.GetUtcNow();
            var databaseOut = DatabaseOutAsync(stoppingToken);
            var (outcome, elapsed, problem) = await ProbeAsync(bed, listener, ++probe, stoppingToken);
            Count(host, outcome, elapsed);
            var change = _verdict.Take(outcome, sentAt);
            var own = new WatchdogHostStatus(host, _verdict.IsDegraded, _verdict.DegradedSince, Describe(host, outcome, elapsed, problem, await databaseOut), time.GetUtcNow());
            status.SetOwn(own);
            if (change is { } changed)
            {
                Record(host, changed, own);
            }

            await board.ShareAsync(own, BoardExpiry, _options.Interval, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (status.Host is { } host)
        {
            try
            {
                await client.GetGrain<IWatchdogBoardGrain>(0).WithdrawAsync(host).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                // A host that goes for good (a scaled-in pod with a name of its own) leaves no synthetic bed behind
                // (with its device going offline); one that comes back admits it again.
                await client.GetPatient(SyntheticBeds.PatientOf(host)).DischargeAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogWithdrawFailed(exception);
            }
        }
    }

    /// <summary>One probe: the breaching reading sent, its alarm awaited until the next probe is due, then a normal reading to end it.</summary>
    private async Task<(ProbeOutcome Outcome, TimeSpan Elapsed, string? Problem)> ProbeAsync(WatchdogBed bed, WatchdogHubClient listener, long probe, CancellationToken stoppingToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(_options.Interval);
        var sequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 2;
        var stage = "connecting to this host's hub";
        try
        {
            await listener.EnsureConnectedAsync(deadline.Token);
            stage = "setting up the synthetic bed";
            if (!_bedReady)
            {
                await bed.SetUpAsync().WaitAsync(deadline.Token);
                _bedReady = true;
            }

            while (listener.Arrivals.TryRead(out _))
            {
                // what came of earlier probes (their ends, a late arrival) is not this probe's
            }

            stage = "sending the synthetic reading";
            var breach = WatchdogBed.BreachOf(probe);
            var sent = time.GetTimestamp();
            var result = await bed.SendAsync(sequence, breach, time.GetUtcNow()).WaitAsync(deadline.Token);
            if (result.Outcome == Monitoring.Ingestion.IngestOutcome.DeviceNotBound)
            {
                _bedReady = false;
                return (ProbeOutcome.Missing, TimeSpan.Zero, "the synthetic device was not bound; it is bound again for the next probe");
            }

            if (result.Outcome == Monitoring.Ingestion.IngestOutcome.Busy)
            {
                return (ProbeOutcome.Missing, TimeSpan.Zero, "the silo refused the reading: its history buffer is full");
            }

            stage = "waiting for the alarm";
            while (true)
            {
                var arrival = await listener.Arrivals.ReadAsync(deadline.Token);
                if (arrival.PatientId == bed.PatientId && arrival.Code == WatchdogBed.AlarmCode && arrival.State == "active" && arrival.Value == breach)
                {
                    var elapsed = time.GetElapsedTime(sent, arrival.ReceivedTimestamp);
                    return (elapsed <= _options.LateAfter ? ProbeOutcome.Arrived : ProbeOutcome.Late, elapsed, null);
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (ProbeOutcome.Missing, TimeSpan.Zero, $"nothing within {Seconds(_options.Interval)} while {stage}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogProbeFailed(exception, stage);
            return (ProbeOutcome.Missing, TimeSpan.Zero, $"failed while {stage}: {exception.GetType().Name}");
        }
        finally
        {
            if (_bedReady && !stoppingToken.IsCancellationRequested)
            {
                await EndAlarmAsync(bed, sequence + 1);
            }
        }
    }

    /// <summary>The normal reading that ends the probe's alarm, so that the next probe raises a new one.</summary>
    private async Task EndAlarmAsync(WatchdogBed bed, long sequence)
    {
        try
        {
            await bed.SendAsync(sequence, WatchdogBed.Normal, time.GetUtcNow()).WaitAsync(_options.Interval);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogProbeFailed(exception, "ending the probe's alarm");
        }
    }

    private static void Count(string host, ProbeOutcome outcome, TimeSpan elapsed)
    {
        var hostTag = new KeyValuePair<string, object?>("host", host);
        MonitoringTelemetry.WatchdogProbes.Add(1, hostTag, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        if (outcome != ProbeOutcome.Missing)
        {
            MonitoringTelemetry.WatchdogDelivery.Record(elapsed.TotalMilliseconds, hostTag);
        }
    }

    private string Describe(string host, ProbeOutcome outcome, TimeSpan elapsed, string? problem, bool databaseOut)
    {
        var last = outcome switch
        {
            ProbeOutcome.Arrived => $"the last alarm reached {host} in {Milliseconds(elapsed)}",
            ProbeOutcome.Late => $"the last alarm reached {host} late, in {Milliseconds(elapsed)} (late after {Milliseconds(_options.LateAfter)})",
            _ => $"the last alarm did not reach {host}: {problem}",
        };
        var path = _verdict.IsDegraded
            ? $"Alarms to {host} are late or missing since {_verdict.DegradedSince:HH:mm:ss} UTC ({_verdict.BadInARow} probes in a row); {last}."
            : $"Alarms reach {host} on time; {last}.";
        return databaseOut ? path + " PostgreSQL is out: alarms do not wait on it; history and audit rows are waiting." : path;
    }

    private void Record(string host, WatchdogChange change, WatchdogHostStatus own)
    {
        var action = change == WatchdogChange.Degraded ? AuditActions.WatchdogDegraded : AuditActions.WatchdogCleared;
        audit.Record(new AuditEvent(time.GetUtcNow(), "watchdog", CareRoles.Watchdog, action, $"api-host/{host}", AuditOutcomes.Success, null, null, own.Detail));
        if (change == WatchdogChange.Degraded)
        {
            LogDegraded(host, own.Detail);
        }
        else
        {
            LogCleared(host, own.Detail);
        }
    }

    private async Task<bool> DatabaseOutAsync(CancellationToken stoppingToken)
    {
        try
        {
            var result = await new DatabaseHealthCheck(database).CheckHealthAsync(new(), stoppingToken).WaitAsync(_options.Interval, stoppingToken);
            return result.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm path degraded on {Host}: {Detail}")]
    private partial void LogDegraded(string host, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm path on time again on {Host}: {Detail}")]
    private partial void LogCleared(string host, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A watchdog probe failed while {Stage}")]
    private partial void LogProbeFailed(Exception exception, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not withdraw this host from the watchdog board (it expires there) or discharge its synthetic patient")]
    private partial void LogWithdrawFailed(Exception exception);
}
