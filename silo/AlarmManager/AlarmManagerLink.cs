using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.AlarmManager;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;
using Monitoring.Telemetry;
using Npgsql;

namespace Monitoring.Silo.AlarmManager;

/// <summary>
/// Sends the alarm manager's queue (migration 0018) as IHE PCD-04 Report Alert messages, in order, from one
/// silo of the cluster at a time: the one holding the advisory lock <see cref="LockKey"/> on a connection of
/// its own. When that silo or its connection goes, the lock goes with it and another silo takes over where
/// the queue stands. Also runs the delivery deadline: an alarm the manager has not reported delivered in
/// time is escalated by its patient (<see cref="IPatientGrain.EscalateUndeliveredAsync"/>).
/// </summary>
/// <remarks>
/// A row is marked sent only once the manager has answered it. A row whose answer was lost (the connection
/// cut, the silo gone) is sent again with the same message control id, which the manager uses to drop the
/// copy; so nothing is lost and a manager that de-duplicates shows nothing twice. Retries, timeouts and the
/// circuit breaker are <see cref="AlarmManagerConnection"/>'s. AE and CE are sent again up to
/// <see cref="AlarmManagerOptions.ErrorAttempts"/>; AR and CR, and AE after the last attempt, are logged, counted
/// and set aside, and the deadline still escalates the alarm.
/// </remarks>
public sealed partial class AlarmManagerLink : BackgroundService
{
    /// <summary>The advisory lock the sending silo holds (an arbitrary constant of this project's).</summary>
    public const long LockKey = 0x504344_3034; // "PCD04"

    private const int BatchSize = 50;
    private static readonly TimeSpan DeadlineCheckEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CleanUpEvery = TimeSpan.FromMinutes(10);

    private readonly AlarmManagerOptions _options;
    private readonly NpgsqlDataSource _database;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmManagerLink> _logger;
    private readonly AlarmManagerConnection _connection;
    private DateTimeOffset _deadlinesCheckedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _cleanedAt = DateTimeOffset.MinValue;

    public AlarmManagerLink(
        string connectionString, IOptions<AlarmManagerOptions> options, IGrainFactory grains, TimeProvider time, ILogger<AlarmManagerLink> logger)
    {
        _options = options.Value;
        (_grains, _time, _logger) = (grains, time, logger);
        // Not pooled: the lock lives as long as this one session, and a pooled connection may be a dead one.
        _database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 });
        _connection = new AlarmManagerConnection(_options, time, logger);
    }

    /// <summary>Whether this silo holds the lock and sends (for health and tests).</summary>
    public bool IsSending { get; private set; }

    public override void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _database.OpenConnectionAsync(stoppingToken);
                await KeepAliveAsync(connection, stoppingToken);
                if (!await TryLockAsync(connection, stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), _time, stoppingToken);
                    continue;
                }

                IsSending = true;
                LogSending(_options.Host, _options.Port);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var sent = await SendQueuedAsync(connection, stoppingToken);
                    await RunDeadlinesAsync(connection, stoppingToken);
                    await CleanUpAsync(connection, stoppingToken);
                    if (sent == 0)
                    {
                        await Task.Delay(_options.PollInterval, _time, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database went (and the lock with it), a statement failed, or a fault of ours: never the silo's
                // end (a background service that throws stops its host). Start again on a new session.
                LogDatabaseFailed(exception, exception.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                IsSending = false;
                _connection.Disconnect();
            }
        }
    }

    /// <summary>
    /// Has the server notice a session cut off by the network within about 20 s (its TCP keepalives), so that the
    /// lock of a silo gone that way is released for another, not kept for the kernel's two hours.
    /// </summary>
    private static async Task KeepAliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; set tcp_keepalives_count = 2", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Sends what waits, oldest first, until one fails (the rest keep their order for the next round). The delivery
    /// deadline is looked at between messages, so a slow manager does not hold it up.
    /// </summary>
    private async Task<int> SendQueuedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var queued = await AlarmManagerQueue.NextAsync(connection, BatchSize, cancellationToken);
        var sent = 0;
        foreach (var item in queued)
        {
            await RunDeadlinesAsync(connection, cancellationToken);
            AlertReport report;
            try
            {
                report = AlertReports.Of(item.Row);
            }
            catch (FormatException exception)
            {
                // A row this release cannot read (a word of a newer one): set aside, never blocking the rest.
                LogUnreadable(exception, item.MessageId);
                await AlarmManagerQueue.AnsweredAsync(connection, item.MessageId, "unreadable", "row not readable by this release", cancellationToken);
                continue;
            }

            var message = ReportAlertMessage.Build(report, Header(item.MessageId, item.Row.TransitionKey));
            ReceivedAcknowledgement answer;
            try
            {
                answer = await _connection.SendAsync(message, cancellationToken);
            }
            catch (Exception exception) when (AlarmManagerConnection.IsFailure(exception))
            {
                MonitoringTelemetry.AlarmManagerMessages.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                await AlarmManagerQueue.FailedAsync(connection, item.MessageId, AlarmManagerConnection.Describe(exception), cancellationToken);
                return sent;
            }

            // A manager that already holds this message (a resend after a lost answer) has taken it.
            var accepted = answer.IsAccepted || answer.ErrSaysDuplicate;
            if (!accepted && answer.Code is "AE" or "CE" && item.Attempts + 1 < _options.ErrorAttempts)
            {
                // An error the manager may get over: this message again next round, the rest after it.
                MonitoringTelemetry.AlarmManagerMessages.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                await AlarmManagerQueue.FailedAsync(connection, item.MessageId, Codes(answer), cancellationToken);
                LogAnsweredError(item.MessageId, answer.Code);
                return sent;
            }

            await AlarmManagerQueue.AnsweredAsync(connection, item.MessageId, answer.Code, accepted ? null : Codes(answer), cancellationToken);
            MonitoringTelemetry.AlarmManagerMessages.Add(1, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "refused"));
            MonitoringTelemetry.AlarmManagerDelay.Record((_time.GetUtcNow() - report.OccurredAt).TotalSeconds);
            if (!accepted)
            {
                LogRefused(item.MessageId, answer.Code, report.Phase.ToString());
            }

            sent++;
        }

        return sent;
    }

    /// <summary>What is kept of a refusal: its code and the HL7 error codes, never the manager's text (it may echo the message).</summary>
    private static string Codes(ReceivedAcknowledgement answer) => $"MSA-1 {answer.Code}";

    private async Task RunDeadlinesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_options.EscalateWhenUndelivered || now - _deadlinesCheckedAt < DeadlineCheckEvery)
        {
            return;
        }

        _deadlinesCheckedAt = now;
        foreach (var due in await AlarmManagerQueue.PastDeadlineAsync(connection, _options.DeliveryDeadline, cancellationToken))
        {
            if (AlarmIds.PatientOf(due.AlarmId) is { } patientId)
            {
                try
                {
                    if (await _grains.GetPatient(patientId).EscalateUndeliveredAsync(due.AlarmId, due.OccurredAt))
                    {
                        LogEscalatedUndelivered(due.MessageId);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The patient could not be reached (a silo leaving): tried again next second.
                    LogDeadlineCallFailed(exception.GetType().Name);
                    continue;
                }
            }

            await AlarmManagerQueue.DeadlineDoneAsync(connection, due.MessageId, cancellationToken);
        }
    }

    private async Task CleanUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _cleanedAt < CleanUpEvery)
        {
            return;
        }

        _cleanedAt = now;
        await AlarmManagerQueue.RemoveAnsweredAsync(connection, _options.KeepSentFor, cancellationToken);
    }

    private ReportAlertHeader Header(long messageId, string transitionKey) =>
        new(_options.SendingApplication, _options.ReceivingApplication, ControlId(messageId, transitionKey), _time.GetUtcNow());

    /// <summary>
    /// MSH-10 of a queued row: the same for every attempt, so the manager can tell a resend; the row's number and a
    /// digest of the transition it reports, so that a number used again (a database restored from a backup) is
    /// still a new id for a new transition.
    /// </summary>
    public static string ControlId(long messageId, string transitionKey)
    {
        ArgumentNullException.ThrowIfNull(transitionKey);
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(transitionKey));
        return $"ALM{messageId}-{Convert.ToHexString(digest, 0, 4)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending alarms to the alarm manager at {Host}:{Port} from this silo")]
    private partial void LogSending(string host, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm manager refused message {MessageId} ({Code}, phase {Phase}); not sent again")]
    private partial void LogRefused(long messageId, string code, string phase);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued alarm message {MessageId} cannot be read by this release; set aside")]
    private partial void LogUnreadable(Exception exception, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm manager answered message {MessageId} with {Code}; sent again next round")]
    private partial void LogAnsweredError(long messageId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm of queued message {MessageId} not reported delivered in time: escalated")]
    private partial void LogEscalatedUndelivered(long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery deadline: the patient could not be reached ({Exception}); tried again")]
    private partial void LogDeadlineCallFailed(string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm manager link failed ({ExceptionType}); starting again on a new session")]
    private partial void LogDatabaseFailed(Exception exception, string exceptionType);
}
