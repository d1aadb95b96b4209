using Monitoring.Replay;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Replay;

/// <summary>A window of stored history as the replay reads it: each patient's batches in the order measured, taken whole.</summary>
public sealed class ReplayWindowTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_patients_batches_read_out_of_order_are_given_in_the_order_measured_and_equal_times_keep_the_order_read()
    {
        var window = new ReplayWindow(["bed-1", "bed-2"]);
        Add(window, "bed-1", At.AddSeconds(2), 97);
        Add(window, "bed-2", At, 60);
        Add(window, "bed-1", At, 95);
        Add(window, "bed-1", At, 96);
        Add(window, "bed-1", At.AddSeconds(1), 94);

        window.SortByMeasurement();

        var spO2 = window.RowsOf(window.IndexOf("bed-1")).Select(row => window.Batch(row).Readings.Single().Value);
        Assert.Equal([95.0, 96, 94, 97], spO2);
        Assert.Equal([60.0], window.RowsOf(window.IndexOf("bed-2")).Select(row => window.Batch(row).Readings.Single().Value));
    }

    [Fact]
    public void A_batch_is_taken_with_its_arrival_device_and_every_reading_at_its_own_time()
    {
        var window = new ReplayWindow(["bed-1"]);
        var readings = window.ReadingsToFill(2);
        readings[0] = new ReadingValue(VitalSign.HeartRate, 72, At);
        readings[1] = new ReadingValue(VitalSign.SpO2, 97, At.AddMilliseconds(500));
        window.Add(0, At, At.AddSeconds(1), "mon-1", 2);

        var batch = window.Batch(window.RowsOf(0).Single());

        Assert.Equal(At.AddSeconds(1), batch.ReceivedAt);
        Assert.Equal("mon-1", batch.DeviceId);
        Assert.Equal([new ReadingValue(VitalSign.HeartRate, 72, At), new ReadingValue(VitalSign.SpO2, 97, At.AddMilliseconds(500))], batch.Readings.ToArray());
    }

    [Fact]
    public void A_window_cleared_for_the_next_hour_holds_none_of_the_last()
    {
        var window = new ReplayWindow(["bed-1"]);
        Add(window, "bed-1", At, 97);

        window.Clear();

        Assert.Equal(0, window.Count);
        Assert.Empty(window.RowsOf(0));
        Assert.Equal(-1, window.IndexOf("bed-9"));
    }

    private static void Add(ReplayWindow window, string patientId, DateTimeOffset measuredAt, double spO2)
    {
        window.ReadingsToFill(1)[0] = new ReadingValue(VitalSign.SpO2, spO2, measuredAt);
        window.Add(window.IndexOf(patientId), measuredAt, measuredAt.AddMilliseconds(200), "mon-1", 1);
    }
}
