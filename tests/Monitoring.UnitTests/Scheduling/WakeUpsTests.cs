using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Scheduling;

namespace Monitoring.UnitTests.Scheduling;

public sealed class WakeUpsTests
{
    private static readonly GrainId Monitor = GrainId.Create("device", "monitor-1");
    private static readonly GrainId Patient = GrainId.Create("patient", "patient-1");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private readonly WakeUps _wakeUps;

    public WakeUpsTests() => _wakeUps = new WakeUps(null!, _time, NullLogger<WakeUps>.Instance);

    [Fact]
    public void A_silent_monitor_is_woken_once_its_silence_has_lasted_the_limit_and_not_before()
    {
        using var watch = _wakeUps.For(Monitor);
        watch.At(_time.GetUtcNow() + TimeSpan.FromSeconds(15));

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Empty(_wakeUps.TakeDue());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Monitor], _wakeUps.TakeDue().Select(w => w.Grain));

        // Woken once: it asks again if it is still worth watching.
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(_wakeUps.TakeDue());
        Assert.False(watch.IsSet);
    }

    [Fact]
    public void Each_batch_from_a_streaming_monitor_moves_its_wake_up_on_so_it_is_never_woken_while_it_streams()
    {
        using var watch = _wakeUps.For(Monitor);
        for (var second = 0; second < 60; second++)
        {
            watch.At(_time.GetUtcNow() + TimeSpan.FromSeconds(15));
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Empty(_wakeUps.TakeDue());
        }

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal([Monitor], _wakeUps.TakeDue().Select(w => w.Grain));
    }

    [Fact]
    public void A_grain_that_left_or_cancelled_is_not_woken_and_others_still_are()
    {
        var watch = _wakeUps.For(Monitor);
        using var snapshot = _wakeUps.For(Patient);
        watch.At(_time.GetUtcNow() + TimeSpan.FromSeconds(15));
        snapshot.At(_time.GetUtcNow() + TimeSpan.FromSeconds(30));

        watch.Dispose(); // the device's activation ended
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([Patient], _wakeUps.TakeDue().Select(w => w.Grain));
    }

    [Fact]
    public void A_wake_up_asked_for_again_after_it_came_comes_again()
    {
        using var snapshot = _wakeUps.For(Patient);
        snapshot.At(_time.GetUtcNow() + TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([Patient], _wakeUps.TakeDue().Select(w => w.Grain));

        snapshot.At(_time.GetUtcNow() + TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([Patient], _wakeUps.TakeDue().Select(w => w.Grain));
    }

    [Fact]
    public void A_wake_up_whose_call_failed_is_tried_again_unless_the_grain_has_set_another_or_left()
    {
        using var watch = _wakeUps.For(Monitor);
        watch.At(_time.GetUtcNow() + TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(15));
        var taken = Assert.Single(_wakeUps.TakeDue());

        taken.AtIfUnset(_time.GetUtcNow() + WakeUps.RetryAfter); // the call failed
        _time.Advance(WakeUps.RetryAfter);
        Assert.Equal([Monitor], _wakeUps.TakeDue().Select(w => w.Grain));

        watch.At(_time.GetUtcNow() + TimeSpan.FromSeconds(15)); // the device was heard meanwhile
        watch.AtIfUnset(_time.GetUtcNow() + WakeUps.RetryAfter);
        _time.Advance(WakeUps.RetryAfter);
        Assert.Empty(_wakeUps.TakeDue());

        watch.Dispose(); // the device's activation ended
        watch.AtIfUnset(_time.GetUtcNow() + WakeUps.RetryAfter);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(_wakeUps.TakeDue());
    }
}
