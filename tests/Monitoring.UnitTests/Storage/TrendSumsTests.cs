using Monitoring.History;

namespace Monitoring.UnitTests.Storage;

public sealed class TrendSumsTests
{
    private const short HeartRate = 1;
    private const short SpO2 = 2;
    private static readonly DateTime Start = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_minute_of_heart_rate_keeps_its_lowest_highest_sum_and_the_value_measured_last_but_not_a_probe_off_reading()
    {
        var sums = new TrendSums(TimeSpan.FromMinutes(1));
        // Measured out of order: the batch at 08:00:40 arrives after the one at 08:00:50.
        sums.Add("p-1", Start.AddSeconds(50), [HeartRate], [92], null, null);
        sums.Add("p-1", Start.AddSeconds(40), [HeartRate, HeartRate], [88, 0], [0, 500_000], [true, false]);
        sums.Add("p-1", Start.AddSeconds(10), [HeartRate], [120], null, [null]);

        var minute = Assert.Single(Rows(sums));
        Assert.Equal(("p-1", Start, HeartRate), (minute.Patient, minute.Starts, minute.Sign));
        Assert.Equal((88, 120, 300, 3), (minute.Low, minute.High, minute.Total, minute.Readings));
        Assert.Equal((92, Start.AddSeconds(50)), (minute.Last, minute.LastAt));
    }

    [Fact]
    public void Readings_offset_past_the_minute_their_batch_began_in_count_in_the_next_minute()
    {
        var sums = new TrendSums(TimeSpan.FromMinutes(1));
        sums.Add("p-1", Start.AddSeconds(59), [SpO2, SpO2], [97, 91], [0, 2_000_000], null);

        Assert.Equal(
            [(Start, 97.0, 1), (Start.AddMinutes(1), 91.0, 1)],
            Rows(sums).OrderBy(r => r.Starts).Select(r => (r.Starts, r.Last, r.Readings)));
        Assert.Equal((new DateTimeOffset(Start), new DateTimeOffset(Start.AddMinutes(1))), (sums.First, sums.Last));
    }

    [Fact]
    public void A_row_whose_arrays_disagree_is_summed_as_far_as_it_pairs_a_sign_with_a_value_instead_of_stopping_the_trends()
    {
        var sums = new TrendSums(TimeSpan.FromMinutes(1));
        sums.Add("p-1", Start, [HeartRate, SpO2, HeartRate], [80, 95], [0], [true]);

        Assert.Equal(
            [(HeartRate, 80.0, 1), (SpO2, 95.0, 1)],
            Rows(sums).OrderBy(r => r.Sign).Select(r => (r.Sign, r.Last, r.Readings)));
    }

    [Fact]
    public void Ten_minutes_summed_from_their_minutes_equal_ten_minutes_summed_from_the_readings()
    {
        var minutes = new TrendSums(TimeSpan.FromMinutes(1));
        var direct = new TrendSums(TimeSpan.FromMinutes(10));
        for (var second = 0; second < 25 * 60; second += 7)
        {
            foreach (var patient in new[] { "p-1", "p-2" })
            {
                double value = 60 + (second * 31 % 47) + patient.Length;
                minutes.Add(patient, Start.AddSeconds(second), [HeartRate, SpO2], [value, 100 - (value / 10)], [0, 1_000], null);
                direct.Add(patient, Start.AddSeconds(second), [HeartRate, SpO2], [value, 100 - (value / 10)], [0, 1_000], null);
            }
        }

        var tens = TrendSums.TenMinutesOf(minutes);

        Assert.Equal(2 * 3 * 2, tens.Count); // patients × ten minutes (08:00, 08:10, 08:20) × signs
        Assert.Equal(
            Rows(direct).OrderBy(r => (r.Patient, r.Starts, r.Sign)).Select(Rounded),
            Rows(tens).OrderBy(r => (r.Patient, r.Starts, r.Sign)).Select(Rounded));
    }

    private static (string, DateTime, short, double, double, double, int, double, DateTime) Rounded(Row r) =>
        (r.Patient, r.Starts, r.Sign, r.Low, r.High, Math.Round(r.Total, 6), r.Readings, r.Last, r.LastAt);

    private static List<Row> Rows(TrendSums sums)
    {
        var c = sums.Columns();
        return [.. Enumerable.Range(0, sums.Count).Select(i => new Row(c.Patients[i], c.Starts[i], c.Signs[i], c.Lows[i], c.Highs[i], c.Totals[i], c.Readings[i], c.Lasts[i], c.LastAts[i]))];
    }

    private sealed record Row(string Patient, DateTime Starts, short Sign, double Low, double High, double Total, int Readings, double Last, DateTime LastAt);
}
