using System.Net;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Simulator;

namespace Monitoring.UnitTests.Simulator;

/// <summary>
/// A simulated bedside device keeps every batch it measures until the api acknowledges it, and sends them oldest
/// first, unchanged, so a batch refused for now or timed out is resent and counted once.
/// </summary>
public sealed class StoreAndForwardTests : IDisposable
{
    // Only for a test that hangs: every wait here is on something the test itself makes happen.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly VitalSignsSnapshot Vitals = new(78, 97, 15, 120, 80, 36.9);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedReadingsApi _api = new();
    private readonly HttpClient _http;
    private readonly StreamingCounters _counters = new();
    private readonly BedAssignment _bed = BedAssignment.Create("icu-3w", 4);
    private long _measured;

    public StoreAndForwardTests() => _http = new HttpClient(_api) { BaseAddress = new Uri("http://api.test/") };

    [Fact]
    public async Task A_batch_refused_with_503_is_resent_unchanged_until_accepted_and_counted_once()
    {
        var queue = NewQueue();
        _api.Then(ScriptedAnswer.Unavailable(), ScriptedAnswer.Unavailable(), ScriptedAnswer.Unavailable());

        queue.Add(Measure());
        await ForwardAsync(queue);
        for (var resend = 0; resend < 3; resend++)
        {
            Assert.Equal(1, _counters.Snapshot().Waiting);
            _time.Advance(ResendBackoff.Longest);
            await ForwardAsync(queue);
        }

        Assert.Equal(4, _api.Received.Count);
        Assert.All(_api.Received, sent => Assert.Equal(_api.Received[0], sent)); // same sequence, values and times
        Assert.Equal([1L], _api.Stored);
        var counts = _counters.Snapshot();
        Assert.Equal((1, 1, 0, 0, 0, 0, 3), (counts.Measured, counts.Accepted, counts.Duplicates, counts.Refused, counts.Lost, counts.Waiting, counts.Resent));
    }

    [Fact]
    public async Task A_batch_whose_request_timed_out_after_it_was_stored_is_resent_answered_duplicate_and_counted_once()
    {
        var queue = NewQueue();
        _api.Then(ScriptedAnswer.TakeButTimeOut);

        queue.Add(Measure());
        await ForwardAsync(queue);
        Assert.Equal(1, _counters.Snapshot().Waiting);
        _time.Advance(ResendBackoff.Longest);
        await ForwardAsync(queue);

        Assert.Equal(2, _api.Received.Count);
        Assert.Equal(_api.Received[0], _api.Received[1]);
        Assert.Equal([1L], _api.Stored);
        var counts = _counters.Snapshot();
        Assert.Equal((1, 0, 1, 0, 1), (counts.Measured, counts.Accepted, counts.Duplicates, counts.Waiting, counts.Resent));
        Assert.Contains("measured=1 accepted=0 duplicates=1 refused=0 lost=0 waiting=0", ProgressReporter.Describe(counts, 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_outage_the_backlog_goes_in_order_as_fast_as_the_api_takes_it_and_nothing_waits_any_more()
    {
        var queue = NewQueue();
        _api.Outage = ScriptedAnswer.Unavailable();
        var waiting = new List<long>();
        for (var second = 0; second < 5; second++)
        {
            queue.Add(Measure());
            await ForwardAsync(queue);
            waiting.Add(_counters.Snapshot().Waiting);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([1L, 2, 3, 4, 5], waiting);
        Assert.Empty(_api.Stored);
        Assert.All(_api.Received, sent => Assert.Equal(1, sent.Sequence)); // the oldest first, and nothing past it

        _api.Outage = null;
        _time.Advance(ResendBackoff.Longest);
        await ForwardAsync(queue); // once: the whole backlog, not one batch per interval

        Assert.Equal([1L, 2, 3, 4, 5], _api.Stored);
        var counts = _counters.Snapshot();
        Assert.Equal((5, 5, 0, 0, 0), (counts.Measured, counts.Accepted, counts.Waiting, counts.Refused, counts.Lost));
        Assert.Contains("waiting=0 (longest queue 0)", ProgressReporter.Describe(counts, 0), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_batch_refused_for_good_is_dropped_counted_refused_with_its_reason_and_never_resent(HttpStatusCode refusal)
    {
        var queue = NewQueue();
        _api.Then(ScriptedAnswer.Refuse(refusal));

        queue.Add(Measure());
        queue.Add(Measure());
        await ForwardAsync(queue);
        _time.Advance(TimeSpan.FromMinutes(5));
        await ForwardAsync(queue);

        Assert.Equal([1L, 2], _api.Received.Select(sent => sent.Sequence));
        Assert.Equal([2L], _api.Stored);
        var counts = _counters.Snapshot();
        Assert.Equal((1, 1, 0, 0), (counts.Accepted, counts.Refused, counts.Waiting, counts.Resent));
        Assert.Contains($"refused=1 (HTTP {(int)refusal}: 1) lost=0", ProgressReporter.Describe(counts, 0), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task A_batch_not_taken_for_now_is_kept_and_resent(HttpStatusCode answer)
    {
        var queue = NewQueue();
        _api.Then(new ScriptedAnswer(answer));

        queue.Add(Measure());
        await ForwardAsync(queue);
        _time.Advance(ResendBackoff.Longest);
        await ForwardAsync(queue);

        Assert.Equal([1L, 1], _api.Received.Select(sent => sent.Sequence));
        Assert.Equal((1, 0, 0), (_counters.Snapshot().Accepted, _counters.Snapshot().Refused, _counters.Snapshot().Waiting));
    }

    [Fact]
    public async Task When_the_queue_is_full_the_oldest_batch_is_dropped_and_counted_lost()
    {
        var queue = NewQueue(limit: 3);
        _api.Outage = ScriptedAnswer.Unavailable();
        for (var second = 0; second < 5; second++)
        {
            queue.Add(Measure());
            await ForwardAsync(queue);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var during = _counters.Snapshot();
        Assert.Equal((5, 3, 2), (during.Measured, during.Waiting, during.Lost));
        Assert.Contains("lost=2 (queue full: 2) waiting=3 (longest queue 3)", ProgressReporter.Describe(during, 0), StringComparison.Ordinal);

        _api.Outage = null;
        _time.Advance(ResendBackoff.Longest);
        await ForwardAsync(queue);

        Assert.Equal([3L, 4, 5], _api.Stored);
        Assert.Equal((3, 0, 2), (_counters.Snapshot().Accepted, _counters.Snapshot().Waiting, _counters.Snapshot().Lost));
    }

    [Fact]
    public async Task The_batch_on_its_way_is_not_the_one_dropped_when_the_queue_fills()
    {
        var queue = NewQueue(limit: 2);
        var answer = new TaskCompletionSource();
        _api.Then(ScriptedAnswer.Take with { HeldUntil = answer.Task });

        queue.Add(Measure());
        var forwarding = queue.ForwardDueAsync(CancellationToken.None); // batch 1 on its way, its answer held
        queue.Add(Measure());
        queue.Add(Measure());
        answer.SetResult();
        await forwarding.WaitAsync(Deadline);

        Assert.Equal([1L, 3], _api.Stored);
        Assert.Equal((2, 1, 0), (_counters.Snapshot().Accepted, _counters.Snapshot().Lost, _counters.Snapshot().Waiting));
    }

    [Fact]
    public async Task Retry_After_is_honoured_before_a_refused_batch_is_sent_again()
    {
        var queue = NewQueue();
        _api.Then(ScriptedAnswer.Unavailable(retryAfter: TimeSpan.FromSeconds(7)));

        queue.Add(Measure());
        await ForwardAsync(queue);
        _time.Advance(TimeSpan.FromSeconds(6.9));
        await ForwardAsync(queue);
        Assert.Single(_api.Received);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await ForwardAsync(queue);
        Assert.Equal(2, _api.Received.Count);
        Assert.Equal([1L], _api.Stored);
    }

    public void Dispose()
    {
        _http.Dispose();
        _api.Dispose();
    }

    private StoreAndForwardQueue NewQueue(int limit = StoreAndForwardQueue.DefaultLimit)
    {
        var api = new MonitoringApiClient(_http, new SimulatorCredentials(Convert.ToBase64String(new byte[32]), _time), _time);
        return new StoreAndForwardQueue(
            limit, _bed, new HttpReadingsChannel(_bed, api), new ResendBackoff(new Random(7)), _counters, new DeviceEventLog(TextWriter.Null, _time), _time);
    }

    // A batch as the device measures it: the next sequence, stamped with the device's clock.
    private MeasuredBatch Measure() => new(++_measured, Vitals with { HeartRate = 70 + (int)_measured }, _time.GetUtcNow());

    private static Task ForwardAsync(StoreAndForwardQueue queue) => queue.ForwardDueAsync(CancellationToken.None).WaitAsync(Deadline);
}
