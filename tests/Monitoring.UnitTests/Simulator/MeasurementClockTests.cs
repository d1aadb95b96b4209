using Microsoft.Extensions.Time.Testing;
using Monitoring.Simulator;

namespace Monitoring.UnitTests.Simulator;

public sealed class MeasurementClockTests
{
    [Fact]
    public void A_device_that_falls_behind_and_measures_twice_in_one_millisecond_dates_the_second_batch_a_millisecond_later()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, 123, TimeSpan.Zero).AddTicks(4_000));
        var clock = new MeasurementClock(time);

        var first = clock.Next();
        time.Advance(TimeSpan.FromTicks(300)); // 30 µs: the catch-up tick right after a stall
        var second = clock.Next();

        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, 123, TimeSpan.Zero), first);
        Assert.Equal(first.AddMilliseconds(1), second);
    }

    [Fact]
    public void On_time_batches_are_dated_by_the_clock_to_the_millisecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, 0, TimeSpan.Zero));
        var clock = new MeasurementClock(time);

        var stamps = Enumerable.Range(0, 3).Select(_ =>
        {
            var at = clock.Next();
            time.Advance(TimeSpan.FromMilliseconds(50.5));
            return at;
        }).ToArray();

        Assert.Equal([0, 50, 101], stamps.Select(s => (s - stamps[0]).TotalMilliseconds));
    }
}
