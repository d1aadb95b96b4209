using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Simulator;

namespace Monitoring.UnitTests.Simulator;

/// <summary>Setting up a thousand beds against the api's limit of 50 requests a second per person.</summary>
public sealed class WardSetUpPacingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly WatchedTime _time = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Eighty_set_up_requests_at_once_are_spaced_to_forty_a_second()
    {
        var pacer = new RequestPacer(40, _time);

        var turns = Enumerable.Range(0, 80).Select(_ => pacer.WaitTurnAsync(CancellationToken.None)).ToArray();

        Assert.Equal(1, turns.Count(t => t.IsCompleted)); // the first goes at once
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(41, turns.Count(t => t.IsCompleted)); // one every 25 ms, both ends of the second included
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(80, turns.Count(t => t.IsCompleted));
    }

    [Fact]
    public async Task An_admission_refused_with_429_five_times_waits_each_Retry_After_out_and_is_then_taken()
    {
        using var api = new RateLimitedApi(refusals: 5, retryAfter: TimeSpan.FromSeconds(2));
        using var http = new HttpClient(api) { BaseAddress = new Uri("http://api.test/") };
        var sender = new RetryingSender(http, _time);

        var sending = sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v1/patients"), CancellationToken.None);
        for (var refused = 1; refused <= 5; refused++)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), await _time.NextWait(Deadline)); // the wait it was asked for
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        var outcome = await sending.WaitAsync(Deadline);
        Assert.Equal(HttpStatusCode.Created, outcome.Status);
        Assert.Equal(6, api.Requests);
        Assert.Equal(5, sender.RateLimitedWaits);
    }

    [Fact]
    public async Task A_request_the_api_keeps_refusing_with_429_is_given_up_after_thirty_waits_with_the_429_as_its_answer()
    {
        using var api = new RateLimitedApi(refusals: int.MaxValue, retryAfter: TimeSpan.FromSeconds(1));
        using var http = new HttpClient(api) { BaseAddress = new Uri("http://api.test/") };
        var sender = new RetryingSender(http, _time);

        var sending = sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v1/patients"), CancellationToken.None);
        for (var waits = 0; await Task.WhenAny(_time.NextWait(Deadline), sending) != sending; waits++)
        {
            Assert.True(waits < RetryingSender.MaxRateLimitedWaits, "waited more often than it may");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var outcome = await sending;
        Assert.Equal(HttpStatusCode.TooManyRequests, outcome.Status);
        Assert.Equal(RetryingSender.MaxRateLimitedWaits + 1, api.Requests);
    }

    /// <summary>Fake time that says when someone starts waiting on it, and for how long.</summary>
    private sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

        public Task<TimeSpan> NextWait(TimeSpan deadline) => _waits.Reader.ReadAsync().AsTask().WaitAsync(deadline);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _waits.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    /// <summary>Answers 429 with a Retry-After to the first requests, then 201.</summary>
    private sealed class RateLimitedApi(int refusals, TimeSpan retryAfter) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var response = Requests <= refusals
                ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(retryAfter) } }
                : new HttpResponseMessage(HttpStatusCode.Created);
            response.Content = new StringContent("{}");
            return Task.FromResult(response);
        }
    }
}
