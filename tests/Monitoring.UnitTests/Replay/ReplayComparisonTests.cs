using Monitoring.Alarms;
using Monitoring.Replay;
using Monitoring.Vitals;
using static Monitoring.UnitTests.Replay.PatientReplayTests;

namespace Monitoring.UnitTests.Replay;

/// <summary>The stored alarms of a period beside the current rules and a proposal, replayed.</summary>
public sealed class ReplayComparisonTests
{
    private static readonly TimeSpan FlagDelay = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 30, TimeSpan.Zero);

    [Fact]
    public void A_proposal_that_delays_the_desaturation_by_20_seconds_shows_the_delay_and_is_flagged()
    {
        // A dip to 78 % that lasts 30 s; the proposal gives desaturation a 20 s delay.
        var stored = Run(UnitAlarmPolicy.Default);
        var proposed = Run(Policy(new AlarmRuleOverride(VitalSign.SpO2,
            LowTiers: [new AlarmLimit(AlarmRuleSet.DesaturationCode, LimitSide.Low, 80, AlarmPriority.High, TimeSpan.FromSeconds(20), 2)])));

        var outcome = ReplayComparison.Compare(stored, proposed, FlagDelay);

        var change = Assert.Single(outcome.HighPriorityChanges);
        Assert.Equal((AlarmRuleSet.DesaturationCode, ReplayComparison.Delayed, 20.0), (change.Code, change.Outcome, change.DelaySeconds));
        Assert.True(outcome.Flagged);
    }

    [Fact]
    public void A_proposal_that_lowers_the_desaturation_limit_below_the_dip_loses_the_high_priority_alarm_and_is_flagged()
    {
        var stored = Run(UnitAlarmPolicy.Default);
        var proposed = Run(Policy(new AlarmRuleOverride(VitalSign.SpO2,
            LowTiers: [new AlarmLimit(AlarmRuleSet.DesaturationCode, LimitSide.Low, 75, AlarmPriority.High, TimeSpan.Zero, 2)])));

        var outcome = ReplayComparison.Compare(stored, proposed, FlagDelay);

        var change = Assert.Single(outcome.HighPriorityChanges);
        Assert.Equal((ReplayComparison.Lost, (DateTimeOffset?)null), (change.Outcome, change.ProposedAt));
        Assert.True(outcome.Flagged);
        Assert.Equal((1, 1, 1), (outcome.Totals.Lost, outcome.Totals.HighStored, outcome.Totals.Proposed));
    }

    [Fact]
    public void A_proposal_that_delays_a_high_priority_alarm_by_less_than_the_flag_delay_lists_it_but_is_not_flagged()
    {
        var stored = Run(UnitAlarmPolicy.Default);
        var proposed = Run(Policy(new AlarmRuleOverride(VitalSign.SpO2,
            LowTiers: [new AlarmLimit(AlarmRuleSet.DesaturationCode, LimitSide.Low, 80, AlarmPriority.High, TimeSpan.FromSeconds(5), 2)])));

        var outcome = ReplayComparison.Compare(stored, proposed, FlagDelay);

        Assert.Equal(5.0, Assert.Single(outcome.HighPriorityChanges).DelaySeconds);
        Assert.False(outcome.Flagged);
    }

    [Fact]
    public void A_proposal_that_only_quietens_brief_medium_dips_changes_no_high_priority_alarm_and_is_not_flagged()
    {
        // Three dips to 88 % of 15 s: each a medium spo2-low today; with a 20 s delay, none.
        var stored = RunDips(UnitAlarmPolicy.Default);
        var proposed = RunDips(Policy(new AlarmRuleOverride(VitalSign.SpO2, ConditionDelay: TimeSpan.FromSeconds(20))));

        var outcome = ReplayComparison.Compare(stored, proposed, FlagDelay);

        Assert.Equal((3, 0), (outcome.Totals.Stored, outcome.Totals.Proposed));
        var row = Assert.Single(outcome.Conditions);
        Assert.Equal(("spo2-low", "medium", 3, 0), (row.Code, row.Priority, row.Stored, row.Proposed));
        Assert.Empty(outcome.HighPriorityChanges);
        Assert.False(outcome.Flagged);
    }

    [Fact]
    public void Each_proposed_alarm_answers_one_stored_alarm_so_two_stored_desaturations_against_one_proposed_loses_one()
    {
        var first = new ReplayedAlarm("p-1", "7", AlarmRuleSet.DesaturationCode, AlarmPriority.High, At);
        var second = first with { RaisedAt = At.AddSeconds(60) };
        var proposed = first with { RaisedAt = At.AddSeconds(1) };

        var outcome = ReplayComparison.Compare([first, second], [proposed], FlagDelay);

        var change = Assert.Single(outcome.HighPriorityChanges);
        Assert.Equal((At.AddSeconds(60), ReplayComparison.Lost), (change.StoredAt, change.Outcome));
    }

    [Fact]
    public void Alarms_raised_at_the_same_moment_either_way_count_as_the_same_and_one_moved_by_a_minute_counts_on_both_sides()
    {
        var desat = new ReplayedAlarm("p-1", "7", AlarmRuleSet.DesaturationCode, AlarmPriority.High, At);
        var low = new ReplayedAlarm("p-1", "7", "spo2-low", AlarmPriority.Medium, At.AddMinutes(3));

        var same = ReplayComparison.Compare([desat, low], [desat with { RaisedAt = At.AddSeconds(1) }, low], FlagDelay);
        var moved = ReplayComparison.Compare([desat, low], [low with { RaisedAt = At.AddMinutes(4) }], FlagDelay);

        Assert.Equal(new ReplayMatch(2, 0, 0), same.Match);
        Assert.Equal(new ReplayMatch(0, 2, 1), moved.Match);
    }

    [Fact]
    public void Another_patients_alarm_never_answers_a_stored_one()
    {
        var stored = new ReplayedAlarm("p-1", "7", AlarmRuleSet.DesaturationCode, AlarmPriority.High, At);

        var outcome = ReplayComparison.Compare([stored], [stored with { PatientId = "p-2", Bed = "8" }], FlagDelay);

        Assert.Equal(ReplayComparison.Lost, Assert.Single(outcome.HighPriorityChanges).Outcome);
    }

    private static List<ReplayedAlarm> Run(UnitAlarmPolicy policy)
    {
        var replay = PatientReplayTests.Replay(policy);
        Feed(replay, Seconds(0, 30, spo2: 97), Seconds(30, 30, spo2: 78), Seconds(60, 60, spo2: 97));
        replay.Take(new StoredAcknowledgement(At.AddSeconds(100), AlarmRuleSet.DesaturationCode));
        return SpO2Alarms(replay);
    }

    private static List<ReplayedAlarm> RunDips(UnitAlarmPolicy policy)
    {
        var replay = PatientReplayTests.Replay(policy);
        for (var dip = 0; dip < 3; dip++)
        {
            Feed(replay, Seconds(dip * 60, 30, spo2: 97), Seconds((dip * 60) + 30, 15, spo2: 88), Seconds((dip * 60) + 45, 15, spo2: 97));
        }

        return SpO2Alarms(replay);
    }
}
