using Monitoring.Api.Watchdog;

namespace Monitoring.UnitTests.Watchdog;

public sealed class WatchdogVerdictTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Probe(int n) => Start.AddSeconds(5 * n);

    [Fact]
    public void One_late_probe_is_not_an_alarm()
    {
        var verdict = new WatchdogVerdict(degradeAfter: 2, clearAfter: 3);

        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(0)));
        Assert.Null(verdict.Take(ProbeOutcome.Late, Probe(1)));
        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(2)));
        Assert.Null(verdict.Take(ProbeOutcome.Missing, Probe(3)));

        Assert.False(verdict.IsDegraded);
    }

    [Fact]
    public void Late_or_missing_probes_in_a_row_make_the_path_degraded_since_the_first_of_them_once()
    {
        var verdict = new WatchdogVerdict(degradeAfter: 3, clearAfter: 2);
        verdict.Take(ProbeOutcome.Arrived, Probe(0));

        Assert.Null(verdict.Take(ProbeOutcome.Late, Probe(1)));
        Assert.Null(verdict.Take(ProbeOutcome.Missing, Probe(2)));
        Assert.Equal(WatchdogChange.Degraded, verdict.Take(ProbeOutcome.Missing, Probe(3)));
        Assert.Null(verdict.Take(ProbeOutcome.Missing, Probe(4)));

        Assert.True(verdict.IsDegraded);
        Assert.Equal(Probe(1), verdict.DegradedSince);
        Assert.Equal(4, verdict.BadInARow);
    }

    [Fact]
    public void A_degraded_path_clears_only_after_enough_probes_on_time_in_a_row()
    {
        var verdict = new WatchdogVerdict(degradeAfter: 1, clearAfter: 3);
        Assert.Equal(WatchdogChange.Degraded, verdict.Take(ProbeOutcome.Missing, Probe(0)));

        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(1)));
        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(2)));
        Assert.Null(verdict.Take(ProbeOutcome.Late, Probe(3))); // comes and goes: still degraded, and counting starts again
        Assert.True(verdict.IsDegraded);
        Assert.Equal(Probe(0), verdict.DegradedSince);

        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(4)));
        Assert.Null(verdict.Take(ProbeOutcome.Arrived, Probe(5)));
        Assert.Equal(WatchdogChange.Cleared, verdict.Take(ProbeOutcome.Arrived, Probe(6)));

        Assert.False(verdict.IsDegraded);
        Assert.Null(verdict.DegradedSince);
    }

    [Fact]
    public void A_path_degraded_again_after_clearing_dates_from_its_new_first_bad_probe()
    {
        var verdict = new WatchdogVerdict(degradeAfter: 2, clearAfter: 1);
        verdict.Take(ProbeOutcome.Missing, Probe(0));
        verdict.Take(ProbeOutcome.Missing, Probe(1));
        Assert.Equal(WatchdogChange.Cleared, verdict.Take(ProbeOutcome.Arrived, Probe(2)));

        verdict.Take(ProbeOutcome.Late, Probe(3));
        Assert.Equal(WatchdogChange.Degraded, verdict.Take(ProbeOutcome.Missing, Probe(4)));

        Assert.Equal(Probe(3), verdict.DegradedSince);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Counts_below_one_are_refused(int degradeAfter, int clearAfter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WatchdogVerdict(degradeAfter, clearAfter));
}
