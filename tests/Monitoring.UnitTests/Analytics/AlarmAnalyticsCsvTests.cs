using Monitoring.Api.Analytics;

namespace Monitoring.UnitTests.Analytics;

public sealed class AlarmAnalyticsCsvTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_cell_is_a_CRLF_row_under_the_header_with_its_bed_days_and_blank_for_figures_that_do_not_exist()
    {
        var figures = new AlarmFigures(4, 1, 0.25, 0, null, null, 2, 1);
        var analytics = Analytics([new BedFigures("3", 2, 2, figures)], [new CellFigures("hr-high", "physiological", "3", "medium", figures)]);

        var text = AlarmAnalyticsCsv.Write(analytics);

        Assert.Equal(
            string.Join(',', AlarmAnalyticsCsv.Header) + "\r\n" +
            "icu-3w,2026-11-30T23:00:00+00:00,2026-12-07T23:00:00+00:00,120,hr-high,physiological,3,medium,4,1,0.25,0,,,2,1,2,2\r\n",
            text);
    }

    [Fact]
    public void A_field_with_a_comma_or_a_quote_is_quoted_with_its_quotes_doubled()
    {
        var figures = new AlarmFigures(1, 0, 0, 1, 30, 30, 0, 0);
        var analytics = Analytics([], [new CellFigures("a,b", "technical", "bed \"x\"", "low", figures)]);

        var row = AlarmAnalyticsCsv.Write(analytics).Split("\r\n")[1];

        Assert.StartsWith("icu-3w,2026-11-30T23:00:00+00:00,2026-12-07T23:00:00+00:00,120,\"a,b\",technical,\"bed \"\"x\"\"\",low,1,", row, StringComparison.Ordinal);
        Assert.EndsWith(",30,30,0,0,0,", row, StringComparison.Ordinal); // no stay at that bed: no bed-days, and no rate per bed-day
    }

    private static AlarmAnalytics Analytics(IReadOnlyList<BedFigures> beds, IReadOnlyList<CellFigures> cells) =>
        new("icu-3w", From, From.AddDays(7), 120, 2, 2, AlarmFigures.None, [], [], [], beds, [], [], [], cells);
}
