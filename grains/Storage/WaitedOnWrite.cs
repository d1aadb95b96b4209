using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Monitoring.Storage;

/// <summary>
/// A write to our own tables that its caller waits for (census rows, a patient's alarm history): refused
/// at once while PostgreSQL is out; otherwise tried again twice within about a second while it stays in,
/// each attempt bounded to 5 s. A failure that means the database is out begins the outage for every
/// writer, and ends the retries. Every write made here is idempotent, so retrying is safe.
/// </summary>
public sealed class WaitedOnWrite
{
    private readonly string _write;
    private readonly DatabaseOutage _outage;
    private readonly ResiliencePipeline _pipeline;

    public WaitedOnWrite(string write, DatabaseOutage outage, TimeProvider time, ILogger logger)
    {
        (_write, _outage) = (write, outage);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && DatabaseResilience.IsTransient(e) && !outage.IsOpen),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                OnRetry = args =>
                {
                    outage.ReportFailure(write, args.Outcome.Exception!);
                    return DatabaseResilience.Failed(write, logger, args.Outcome.Exception, args.AttemptNumber, args.RetryDelay);
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();
    }

    public async Task RunAsync(Func<CancellationToken, ValueTask> attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    _outage.ThrowIfOpen(); // an attempt after the outage began is not made
                    await attempt(token);
                },
                cancellationToken);
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            _outage.ReportFailure(_write, exception);
            throw;
        }
    }
}
