using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Alarms;

/// <summary>A rule's ladders are made once per rule (they are asked for every reading), never kept past a change to the rule.</summary>
public sealed class AlarmRuleLadderTests
{
    [Fact]
    public void A_nurse_who_lowers_the_heart_rate_limit_gets_a_ladder_that_starts_at_the_new_limit_though_the_old_rule_was_just_used()
    {
        var before = AlarmRuleSet.AdultDefaults.Single(r => r.Sign == VitalSign.HeartRate);
        var oldLadder = before.Ladder(LimitSide.Low);

        var after = before with { Low = 35 };

        Assert.Equal(35, after.Ladder(LimitSide.Low)[0].Threshold);
        Assert.NotEqual(35, before.Ladder(LimitSide.Low)[0].Threshold);
        Assert.Equal(oldLadder, before.Ladder(LimitSide.Low)); // the same, made once
        Assert.Equal(before.Ladder(LimitSide.High).Select(l => (l.Code, l.Threshold)), after.Ladder(LimitSide.High).Select(l => (l.Code, l.Threshold)));
        Assert.Equal(("hr-low", "hr-high"), (after.LowCode, after.HighCode));
    }
}
