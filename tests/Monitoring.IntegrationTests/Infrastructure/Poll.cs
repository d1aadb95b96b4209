namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for a condition that has no event to wait on (a process coming back, a row appearing),
/// checking it at a short interval until a deadline.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what)
    {
        using var timeout = new CancellationTokenSource(deadline);
        using var timer = new PeriodicTimer(Interval);
        Exception? last = null;
        do
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or Npgsql.NpgsqlException)
            {
                last = exception;
            }
        }
        while (await WaitAsync(timer, timeout.Token));

        throw new TimeoutException($"Gave up after {deadline.TotalSeconds:0.#} s waiting for {what}.", last);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
