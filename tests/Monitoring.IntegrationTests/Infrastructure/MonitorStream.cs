namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A bedside monitor's pace: one message a second (the first at once) until stopped, each sent by the test's
/// function, which returns null when the message was taken or why not. <see cref="StopAsync"/> fails with the
/// first refusal, so a test never passes on readings that were not taken.
/// </summary>
public sealed class MonitorStream : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _refusals = [];
    private Task _sending = Task.CompletedTask;

    private MonitorStream()
    {
    }

    /// <summary>Starts sending: <paramref name="send"/> gets the message's index (0, 1, ...).</summary>
    public static MonitorStream Start(Func<int, CancellationToken, Task<string?>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        var stream = new MonitorStream();
        stream._sending = Task.Run(() => stream.SendAsync(send));
        return stream;
    }

    /// <summary>Stops after the message in hand; throws when any message was refused, or the sending failed.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        if (_refusals.Count > 0)
        {
            throw new InvalidOperationException($"The monitor's messages were not all taken: {string.Join(" | ", _refusals)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sending;
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or OperationCanceledException)
        {
            // The test has already failed or finished; the connection goes with it.
        }

        _stop.Dispose();
    }

    private async Task SendAsync(Func<int, CancellationToken, Task<string?>> send)
    {
        using var timer = new PeriodicTimer(Pace);
        var index = 0;
        do
        {
            if (await send(index++, _stop.Token) is { } refusal)
            {
                _refusals.Add(refusal);
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
