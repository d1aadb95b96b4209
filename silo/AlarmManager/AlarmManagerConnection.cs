using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Monitoring.AlarmManager;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;
using Monitoring.Mllp;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Monitoring.Silo.AlarmManager;

/// <summary>
/// The sending silo's MLLP connection to the alarm manager, behind one Polly pipeline: each attempt waits
/// <see cref="AlarmManagerOptions.AckTimeout"/> for the ACK; failed attempts are retried with exponential backoff and
/// jitter (the connection dropped first); a circuit breaker stops calling a manager that keeps failing for 5 s at a
/// time. One send at a time.
/// </summary>
internal sealed partial class AlarmManagerConnection : IDisposable
{
    private readonly AlarmManagerOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<ReceivedAcknowledgement> _send;
    private MllpClient? _client;

    public AlarmManagerConnection(AlarmManagerOptions options, TimeProvider time, ILogger logger)
    {
        (_options, _logger) = (options, logger);
        _send = new ResiliencePipelineBuilder<ReceivedAcknowledgement> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ReceivedAcknowledgement>
            {
                ShouldHandle = new PredicateBuilder<ReceivedAcknowledgement>().Handle<Exception>(IsTransportFailure),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    Disconnect();
                    LogRetry(args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.GetType().Name ?? "none");
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ReceivedAcknowledgement>
            {
                ShouldHandle = new PredicateBuilder<ReceivedAcknowledgement>().Handle<Exception>(IsTransportFailure),
                FailureRatio = 0.9,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                OnOpened = args =>
                {
                    LogCircuitOpened(args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.AckTimeout)
            .Build();
    }

    /// <summary>Sends <paramref name="message"/> and returns the manager's answer to it, trying again as above.</summary>
    /// <exception cref="Exception">One that <see cref="IsFailure"/> picks, when every attempt failed or the circuit is open.</exception>
    public async Task<ReceivedAcknowledgement> SendAsync(ReportAlertMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await _send.ExecuteAsync(async token => await ExchangeAsync(message, token), cancellationToken);
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            Disconnect();
            throw;
        }
    }

    /// <summary>The send failed for want of the manager (unreachable, silent, or the circuit open), not for a fault of ours.</summary>
    public static bool IsFailure(Exception exception) => IsTransportFailure(exception) || exception is BrokenCircuitException;

    /// <summary>One attempt: connect if need be, send, and read the answer to this message.</summary>
    private async Task<ReceivedAcknowledgement> ExchangeAsync(ReportAlertMessage message, CancellationToken cancellationToken)
    {
        try
        {
            _client ??= new MllpClient(new DnsEndPoint(_options.Host, _options.Port));
            await _client.ConnectAsync(cancellationToken);
            await _client.SendAsync(message.Text, cancellationToken);
            while (true)
            {
                // An answer to an earlier attempt of another message may still come first: skip it.
                var answer = await _client.ReadAcknowledgementAsync(cancellationToken)
                    ?? throw new IOException("the alarm manager answered with something that is not an ACK");
                // An empty MSA-2 is a listener's answer to a message it could not read at all (so could not echo).
                if (answer.ControlId == message.ControlId || answer.ControlId.Length == 0)
                {
                    return answer;
                }
            }
        }
        catch
        {
            Disconnect();
            throw;
        }
    }

    /// <summary>Drops the connection; the next send opens a new one.</summary>
    public void Disconnect()
    {
        _client?.Disconnect();
        _client = null;
    }

    private static bool IsTransportFailure(Exception exception) =>
        exception is IOException or SocketException or TimeoutRejectedException or System.Security.Authentication.AuthenticationException
            or ObjectDisposedException;

    /// <summary>What is kept of a failed send: the kind of failure, never a message or an answer.</summary>
    public static string Describe(Exception exception) =>
        exception switch
        {
            BrokenCircuitException => "circuit open after repeated failures",
            TimeoutRejectedException => "no ACK within AlarmManager:AckTimeout",
            SocketException socket => $"socket: {socket.SocketErrorCode}",
            _ => exception.GetType().Name,
        };

    public void Dispose() => Disconnect();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm manager not reached (attempt {Attempt}, {Exception}); retrying in {DelayMs:0} ms")]
    private partial void LogRetry(int attempt, double delayMs, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm manager circuit open for {Seconds} s after repeated failures; alarms wait in the queue")]
    private partial void LogCircuitOpened(double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm manager answers again; the queue is being sent")]
    private partial void LogCircuitClosed();
}
