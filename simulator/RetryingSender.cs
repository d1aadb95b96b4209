using System.Net;

namespace Monitoring.Simulator;

/// <summary>
/// Sends a request, retrying transient failures (5xx, 408, 429, connection errors, timeouts) a couple of
/// times. The request factory is called per attempt, so a readings batch is resent with the same sequence.
/// </summary>
public sealed class RetryingSender(HttpClient http, TimeProvider time)
{
    public const int MaxRetries = 2;

    private static readonly TimeSpan BaseBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<SendOutcome> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                using var request = createRequest();
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!IsTransient(response.StatusCode) || attempt > MaxRetries)
                {
                    return SendOutcome.Response(response.StatusCode, body, attempt);
                }

                delay = RetryAfter(response) ?? Backoff(attempt);
            }
            catch (HttpRequestException ex)
            {
                if (attempt > MaxRetries)
                {
                    return SendOutcome.Failure(ex.InnerException?.Message ?? ex.Message, attempt);
                }

                delay = Backoff(attempt);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient.Timeout, not our own cancellation.
                if (attempt > MaxRetries)
                {
                    return SendOutcome.Failure("request timed out", attempt);
                }

                delay = Backoff(attempt);
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date - time.GetUtcNow());
        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, 0, MaxRetryAfter.Ticks));
    }

    // Jitter spreads retries from many beds that failed on the same tick.
    private static TimeSpan Backoff(int attempt) =>
        BaseBackoff * Math.Pow(2, attempt - 1) * (0.75 + (Random.Shared.NextDouble() * 0.5));
}
