using Monitoring.History;

namespace Monitoring.UnitTests.Storage;

public sealed class VitalsRowsTests
{
    private static readonly DateTimeOffset Measured = new(2026, 12, 6, 8, 30, 0, TimeSpan.Zero);

    private static VitalRecord Reading(string code, double value, DateTimeOffset at, string source = "device:0001", bool plausible = true) =>
        new("patient-1", source, code, value, at, plausible, at.AddMilliseconds(40));

    [Fact]
    public void A_monitor_batch_of_six_vitals_measured_together_is_one_row_with_no_offsets_and_no_fault_flags()
    {
        var rows = VitalsRows.From([
            Reading("hr", 72, Measured), Reading("spo2", 97, Measured), Reading("rr", 14, Measured),
            Reading("sbp", 121, Measured), Reading("dbp", 79, Measured), Reading("temp", 36.9, Measured)]);

        var row = Assert.Single(rows);
        Assert.Equal(["hr", "spo2", "rr", "sbp", "dbp", "temp"], row.Codes);
        Assert.Equal([72, 97, 14, 121, 79, 36.9], row.Values);
        Assert.Equal((Measured, Measured), (row.MeasuredFrom, row.MeasuredTo));
        Assert.Null(row.OffsetsMicroseconds);
        Assert.Null(row.Plausible);
    }

    [Fact]
    public void The_same_batch_sent_again_gets_the_same_identity_so_it_is_stored_once()
    {
        VitalRecord[] Batch() => [Reading("hr", 72, Measured), Reading("spo2", 97, Measured)];

        Assert.Equal(VitalsRows.From(Batch())[0].Key, VitalsRows.From(Batch())[0].Key);
    }

    [Fact]
    public void Two_different_batches_measured_in_the_same_millisecond_are_both_kept()
    {
        // A device that fell behind, or two gateways' messages for one bed: neither may hide the other.
        var first = VitalsRows.From([Reading("hr", 72, Measured), Reading("spo2", 97, Measured)])[0];
        var second = VitalsRows.From([Reading("hr", 73, Measured), Reading("spo2", 97, Measured)])[0];

        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public void A_reading_measured_later_in_the_batch_keeps_its_own_time_to_the_microsecond()
    {
        var row = Assert.Single(VitalsRows.From([
            Reading("sbp", 118, Measured.AddSeconds(42).AddTicks(10)), Reading("hr", 80, Measured)]));

        Assert.Equal(["hr", "sbp"], row.Codes);
        Assert.Equal([0, 42_000_001], row.OffsetsMicroseconds!);
        Assert.Equal(Measured.AddSeconds(42).AddTicks(10), row.MeasuredTo);
    }

    [Fact]
    public void A_sensor_fault_is_flagged_on_its_reading_only()
    {
        var row = Assert.Single(VitalsRows.From([Reading("hr", 72, Measured), Reading("spo2", 0.5, Measured, plausible: false)]));

        Assert.Equal([true, false], row.Plausible!);
    }

    [Fact]
    public void A_gateway_message_spanning_more_than_fifteen_minutes_is_split_so_a_time_range_query_finds_every_reading()
    {
        var rows = VitalsRows.From([
            Reading("hr", 70, Measured), Reading("hr", 71, Measured.AddMinutes(15)), Reading("hr", 72, Measured.AddMinutes(16))]);

        Assert.Equal([2, 1], rows.Select(r => r.Readings));
        Assert.All(rows, r => Assert.True(r.MeasuredTo - r.MeasuredFrom <= VitalsRows.LongestSpan));
        Assert.Equal(Measured.AddMinutes(16), rows[1].MeasuredFrom);
    }

    [Fact]
    public void Readings_from_two_sources_in_one_call_go_to_rows_of_their_own()
    {
        var rows = VitalsRows.From([Reading("hr", 72, Measured, "device:0001"), Reading("hr", 75, Measured, "entered")]);

        Assert.Equal(["device:0001", "entered"], rows.Select(r => r.Source).Order());
    }
}
