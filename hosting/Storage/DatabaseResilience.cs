using Microsoft.Extensions.Logging;
using Monitoring.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Monitoring.Storage;

/// <summary>
/// The Polly pipeline around the write-behind queues' PostgreSQL writes (compiled into the silo's grains
/// and the api; the grains' own writes go through <c>WaitedOnWrite</c> and the silo's shared outage).
/// Every write wrapped here is idempotent (inserts that skip what is there, upserts), so retrying is safe.
/// </summary>
public static class DatabaseResilience
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For the api's audit trail: retried until written, with exponential
    /// backoff and jitter up to 5 s; a circuit breaker stops hammering a database that is down and
    /// lets one attempt through every few seconds; each attempt times out after 10 s.
    /// </summary>
    public static ResiliencePipeline UntilWritten(string write, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args => Failed(write, logger, args.Outcome.Exception, args.AttemptNumber, args.RetryDelay),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(Outages.IsDatabaseOutage),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(3),
            })
            .AddTimeout(AttemptTimeout)
            .Build();

    public static bool IsTransient(Exception exception) =>
        exception is BrokenCircuitException or TimeoutRejectedException || Outages.IsDatabaseOutage(exception);

    public static ValueTask Failed(string write, ILogger logger, Exception? exception, int attempt, TimeSpan delay)
    {
        MonitoringTelemetry.DatabaseFailures.Add(1, new KeyValuePair<string, object?>("write", write));
        if (exception is not BrokenCircuitException)
        {
            DatabaseResilienceLog.WriteFailed(logger, write, attempt + 1, delay.TotalMilliseconds, exception?.GetType().Name ?? "unknown");
        }

        return ValueTask.CompletedTask;
    }
}

internal static partial class DatabaseResilienceLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL write of {Write} failed (attempt {Attempt}, {Exception}); retrying in {DelayMs:0} ms")]
    public static partial void WriteFailed(ILogger logger, string write, int attempt, double delayMs, string exception);
}
