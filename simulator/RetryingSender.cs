using System.Net;

namespace Monitoring.Simulator;

/// <summary>
/// Sends a request at the pace given, retrying transient failures (5xx, 408, connection errors,
/// timeouts) a couple of times: for admissions, bindings and nurses' observations. A 429 is not a
/// failure: the request waits as long as the api's Retry-After asks (up to 30 s a time) and is sent again,
/// up to <see cref="MaxRateLimitedWaits"/> times. Readings batches are resent by the device's
/// <see cref="StoreAndForwardQueue"/> instead, until they are acknowledged.
/// </summary>
public sealed class RetryingSender(HttpClient http, TimeProvider time, RequestPacer? pacer = null)
{
    public const int MaxRetries = 2;

    /// <summary>429s waited out for one request before its 429 is taken as the answer.</summary>
    public const int MaxRateLimitedWaits = 30;

    private static readonly TimeSpan BaseBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    private long _rateLimitedWaits;

    /// <summary>How many times, over all requests, a 429 was waited out.</summary>
    public long RateLimitedWaits => Interlocked.Read(ref _rateLimitedWaits);

    public async Task<SendOutcome> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        var rateLimited = 0;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            if (pacer is not null)
            {
                await pacer.WaitTurnAsync(cancellationToken);
            }

            try
            {
                using var request = createRequest();
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && rateLimited >= MaxRateLimitedWaits)
                {
                    return SendOutcome.Response(response.StatusCode, body, attempt + rateLimited);
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Asked to slow down: not a failed attempt.
                    rateLimited++;
                    attempt--;
                    Interlocked.Increment(ref _rateLimitedWaits);
                    await Task.Delay(RetryAfter(response) ?? TimeSpan.FromSeconds(1), time, cancellationToken);
                    continue;
                }

                if (!IsTransient(response.StatusCode) || attempt > MaxRetries)
                {
                    return SendOutcome.Response(response.StatusCode, body, attempt + rateLimited);
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

    /// <summary>An answer that the same request, sent again later, may not get.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The wait a response's Retry-After asks for (a delay or a date), never negative; null without one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date - now);
        return delay is null ? null : TimeSpan.FromTicks(Math.Max(delay.Value.Ticks, 0));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        RetryAfter(response, time.GetUtcNow()) is { } delay ? TimeSpan.FromTicks(Math.Min(delay.Ticks, MaxRetryAfter.Ticks)) : null;

    // Jitter spreads retries from many beds that failed on the same tick.
    private static TimeSpan Backoff(int attempt) =>
        BaseBackoff * Math.Pow(2, attempt - 1) * (0.75 + (Random.Shared.NextDouble() * 0.5));
}
