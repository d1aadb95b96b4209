using Monitoring.Benchmarks;

namespace Monitoring.UnitTests.Benchmarks;

/// <summary>The headline of BENCHMARKS.md is the latest run's, written by the benchmark, never by hand.</summary>
public sealed class BenchmarkHeadlineTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);

    private const string Benchmarks = "# Benchmarks\n\nHow it is measured.\n\nMore text.\n\n## Run of 2026-11-27 13:02 UTC\n\nold run\n";

    [Fact]
    public void The_first_run_puts_its_table_after_the_introduction_and_the_next_replaces_it()
    {
        var first = BenchmarkHeadline.Replace(Benchmarks, "## Latest run: first\n");
        var second = BenchmarkHeadline.Replace(first, "## Latest run: second\n");

        Assert.StartsWith("# Benchmarks\n\nHow it is measured.\n\n" + BenchmarkHeadline.Begin, first, StringComparison.Ordinal);
        Assert.Contains("first", first, StringComparison.Ordinal);
        Assert.DoesNotContain("first", second, StringComparison.Ordinal);
        Assert.Contains("## Latest run: second", second, StringComparison.Ordinal);
        Assert.Single(second.Split(BenchmarkHeadline.Begin)[1..]);
        Assert.EndsWith("## Run of 2026-11-27 13:02 UTC\n\nold run\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_names_the_largest_ward_taken_in_full_and_says_plainly_what_was_not_met()
    {
        WardRow[] rows =
        [
            Row("http", 1_000, achieved: 5_000, p99: 80),
            Row("http", 2_500, achieved: 12_450, p99: 900),
            Row("http", 5_000, achieved: 12_300, p99: 4_000), // saturated: took less than it was offered
        ];

        var table = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.07, idleKiB: 5.0, rows);

        Assert.Contains("| 5,000 devices at 1 Hz over http, alarm p99 ≤ 100 ms | **2,500 devices** sustained (12,450 readings/s, alarm p99 900 ms); tried 1,000, 2,500, 5,000 | no |", table, StringComparison.Ordinal);
        Assert.Contains("| alarm p99 ≤ 100 ms at 1,000 devices | 80 ms over http (p50 8 ms) | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| closed-loop HTTP ingest ≥ 20 % of the bare endpoint | 7 % | no |", table, StringComparison.Ordinal);
        // Half a core for 1,000 batches a second is 500 µs each.
        Assert.Contains("| silo CPU per batch ≤ 60 µs | 500 µs at 1,000 over http; 201 µs at 2,500 over http; 203 µs at 5,000 over http | no |", table, StringComparison.Ordinal);
        Assert.Contains("| ≤ 10 KB per idle patient | 5.0 KiB | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| ≤ 12 KB per streaming patient with its device | 13.0–13.0 KiB over the wards, their injected alarms included | no |", table, StringComparison.Ordinal);
        Assert.Contains("| no accepted reading lost | 0 readings and 0 alarms lost over every size | yes |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_row_sets_our_cost_a_batch_beside_what_orleans_itself_costs_for_a_call_through_two_grains()
    {
        // 0.3 of a core for 5,000 calls a second is 60 µs each.
        var table = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.2, idleKiB: 5.0, [Row("http", 5_000, achieved: 25_000, p99: 90)],
            [new CallFloorResult(5_000, Grains: 2, CallsPerSecond: 5_000, Failed: 0, SiloCores: 0.3, ClientCores: 0.2),
             new CallFloorResult(5_000, Grains: 1, CallsPerSecond: 5_000, Failed: 0, SiloCores: 0.2, ClientCores: 0.2)]);

        Assert.Contains("| silo CPU per batch ≤ 60 µs | 100 µs at 5,000 over http (Orleans' own floor, a call through two no-op grains: 60 µs at 5,000 a second) | no |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_streaming_patient_is_judged_by_the_ward_streaming_within_limits_and_the_wards_with_their_alarms_are_shown_beside_it()
    {
        var small = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.2, idleKiB: 5.0, [Row("http", 2_500, achieved: 12_500, p99: 90)], streamingKiB: 11.5);
        var large = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.2, idleKiB: 5.0, [Row("http", 2_500, achieved: 12_500, p99: 90)], streamingKiB: 12.5);

        Assert.Contains("| ≤ 12 KB per streaming patient with its device | 11.5 KiB streaming within limits; 13.0–13.0 KiB over the wards, their injected alarms included | yes |", small, StringComparison.Ordinal);
        Assert.Contains("| ≤ 12 KB per streaming patient with its device | 12.5 KiB streaming within limits; 13.0–13.0 KiB over the wards, their injected alarms included | no |", large, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_devices_through_gateways_meet_their_target_only_with_alarm_p99_within_100_ms()
    {
        var slow = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.2, idleKiB: 5.0, [Row("gateway", 10_000, achieved: 50_000, p99: 150)]);
        var fast = BenchmarkHeadline.Table(At, "deploy/benchmark.sh", ingestShare: 0.2, idleKiB: 5.0, [Row("gateway", 10_000, achieved: 50_000, p99: 90)]);

        Assert.Contains("| 10,000 devices at 1 Hz over gateway, alarm p99 ≤ 100 ms | **10,000 devices** sustained (50,000 readings/s, alarm p99 150 ms); tried 10,000 | no |", slow, StringComparison.Ordinal);
        Assert.Contains("| 10,000 devices at 1 Hz over gateway, alarm p99 ≤ 100 ms | **10,000 devices** sustained (50,000 readings/s, alarm p99 90 ms); tried 10,000 | yes |", fast, StringComparison.Ordinal);
    }

    private static WardRow Row(string transport, int devices, double achieved, double p99) =>
        new(transport, devices, devices * 5.0, achieved, Refused: 0, Failed: 0, LostReadings: 0,
            P50: 8, P95: p99 / 2, P99: p99, Max: p99 * 2, LostAlarms: 0,
            CpuSilo: 0.5, CpuApi: 0.3, CpuGenerator: 0.2, CpuPostgres: 0.2, CpuOther: 0.1, RssSilo: 300, RssApi: 200, KiBPerPatient: 13, RowsPerSecond: achieved);
}
