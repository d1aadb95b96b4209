using Monitoring.Api.Analytics;
using Monitoring.Api.Http;

namespace Monitoring.UnitTests.Analytics;

public sealed class AnalyticsPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_from_and_to_the_period_is_the_last_seven_days_with_a_two_minute_window()
    {
        var period = Parse(null, null, null);

        Assert.Equal(new AnalyticsPeriod(Now.AddDays(-7), Now, 120), period);
    }

    [Fact]
    public void From_alone_runs_seven_days_or_to_now_whichever_is_sooner()
    {
        Assert.Equal(Now.AddDays(-3), Parse("2026-11-27T12:00:00Z", null, null)!.To);
        Assert.Equal(Now, Parse("2026-12-05T00:00:00+01:00", null, null)!.To);
    }

    [Fact]
    public void An_offset_is_kept_and_a_period_of_exactly_31_days_is_taken()
    {
        var period = Parse("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+02:00", "60")!;

        Assert.Equal(TimeSpan.FromHours(2), period.From.Offset);
        Assert.Equal(TimeSpan.FromDays(31), period.To - period.From);
        Assert.Equal(60, period.SelfResolvedSeconds);
    }

    [Theory]
    [InlineData("2026-12-01", null, null, "from")]
    [InlineData("2026-12-01T00:00:00", null, null, "from")]
    [InlineData("2026-12-01T00:00:00 01:00", null, null, "from")] // a '+' sent unescaped arrives as a space
    [InlineData(null, "soon", null, "to")]
    [InlineData("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", null, "to")]
    [InlineData("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", null, "to")]
    [InlineData("2026-10-01T00:00:00Z", "2026-11-01T00:00:00.001Z", null, "to")]
    [InlineData("2026-12-08T00:00:00Z", null, null, "from")]
    [InlineData(null, null, "9", "selfResolvedSeconds")]
    [InlineData(null, null, "3601", "selfResolvedSeconds")]
    [InlineData(null, null, "-1", "selfResolvedSeconds")]
    [InlineData(null, null, "1e2", "selfResolvedSeconds")]
    public void A_bad_field_is_named(string? from, string? to, string? window, string field)
    {
        var errors = new FieldErrors();

        Assert.Null(AnalyticsPeriod.Parse(from, to, window, Now, errors));
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_period_longer_than_31_days_is_refused_saying_so()
    {
        var errors = new FieldErrors();

        AnalyticsPeriod.Parse("2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z", null, Now, errors);

        Assert.Contains("at most 31 days", errors.ToDictionary()["to"][0], StringComparison.Ordinal);
    }

    private static AnalyticsPeriod? Parse(string? from, string? to, string? window)
    {
        var errors = new FieldErrors();
        var period = AnalyticsPeriod.Parse(from, to, window, Now, errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        return period;
    }
}
