namespace Monitoring.Api.Hosting;

/// <summary>
/// Keeps trying to reach the cluster at start-up (the silo may start a little after the api) for up
/// to two minutes, saying so in the log.
/// </summary>
public sealed partial class ConnectionRetryFilter(TimeProvider time, ILogger<ConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private DateTimeOffset? _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _firstFailure ??= now;
        if (now - _firstFailure > GiveUpAfter)
        {
            return false;
        }

        LogRetrying(exception.GetType().Name);
        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Orleans cluster is not reachable yet ({ExceptionType}); retrying")]
    private partial void LogRetrying(string exceptionType);
}
