using Monitoring.Api.Vitals;

namespace Monitoring.UnitTests.Http;

public sealed class TrendStepTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 1)]          // beyond full resolution: every minute
    [InlineData(24, 1)]         // the nurse's day: every minute, 1,440 points
    [InlineData(25, 10)]        // past a day: ten-minute points, read from the ten-minute aggregates
    [InlineData(7 * 24, 10)]    // a week: ten-minute points, 1,008 of them
    [InlineData(30 * 24, 30)]   // a month-long stay: half-hours
    [InlineData(400 * 24, 480)] // the whole minute-trend retention
    public void A_range_is_shown_with_the_finest_points_that_keep_it_within_a_day_of_minutes(int hours, int minutesPerPoint)
    {
        var step = TrendStep.MinutesPerPoint(Now.AddHours(-hours), Now);

        Assert.Equal(minutesPerPoint, step);
        Assert.True(hours * 60.0 / step <= TrendStep.MaxPointsPerSign);
    }

    [Fact]
    public void Every_step_divides_a_day_so_points_start_at_the_same_times_whatever_the_range()
    {
        for (var hours = 1; hours <= 5 * 365 * 24; hours += 7)
        {
            Assert.Equal(0, 1_440 % TrendStep.MinutesPerPoint(Now.AddHours(-hours), Now));
        }
    }

    [Fact]
    public void Every_range_longer_than_a_day_is_drawn_in_whole_ten_minutes_so_the_ten_minute_aggregates_answer_it()
    {
        for (var hours = 25; hours <= 5 * 365 * 24; hours += 7)
        {
            Assert.Equal(0, TrendStep.MinutesPerPoint(Now.AddHours(-hours), Now) % 10);
        }
    }
}
