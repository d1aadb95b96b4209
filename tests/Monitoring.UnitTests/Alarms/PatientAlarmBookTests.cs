using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Alarms;

public sealed class PatientAlarmBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly List<Alarm> _open = [];
    private readonly AlarmCounter _counter = new();

    private PatientAlarmBook Book => new(_open, _counter, "p-001");

    [Fact]
    public void A_breach_raises_an_active_alarm_with_the_value_and_the_time()
    {
        var changes = Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);

        var alarm = Assert.Single(changes);
        Assert.Equal(new Alarm("p-001~1", AlarmKind.Physiological, "hr-high", VitalSign.HeartRate, AlarmPriority.Medium, AlarmState.Active, 142, Now), alarm);
        Assert.Equal([alarm], _open);
    }

    [Fact]
    public void A_condition_that_is_still_active_never_raises_a_second_alarm()
    {
        Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);

        var changes = Book.Evaluate(Hr(150), AlarmLimits.AdultDefaults, Now.AddSeconds(1));

        Assert.Empty(changes);
        Assert.Single(_open);
    }

    [Fact]
    public void A_value_back_within_limits_resolves_the_alarm()
    {
        Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);

        var changes = Book.Evaluate(Hr(90), AlarmLimits.AdultDefaults, Now.AddSeconds(1));

        var resolved = Assert.Single(changes);
        Assert.Equal(AlarmState.Resolved, resolved.State);
        Assert.Equal("p-001~1", resolved.AlarmId);
        Assert.Empty(_open);
    }

    [Fact]
    public void A_jump_from_below_the_low_limit_to_above_the_high_limit_resolves_one_alarm_and_raises_another()
    {
        Book.Evaluate(Hr(30), AlarmLimits.AdultDefaults, Now);

        var changes = Book.Evaluate(Hr(140), AlarmLimits.AdultDefaults, Now.AddSeconds(1));

        Assert.Equal([("hr-low", AlarmState.Resolved), ("hr-high", AlarmState.Active)], changes.Select(a => (a.Code, a.State)));
        Assert.Equal("p-001~2", Assert.Single(_open).AlarmId);
    }

    [Fact]
    public void A_reading_of_one_sign_leaves_the_alarms_of_another_alone()
    {
        Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);

        var changes = Book.Evaluate(new Reading(VitalSign.SpO2, 97, Now), AlarmLimits.AdultDefaults, Now);

        Assert.Empty(changes);
        Assert.Single(_open);
    }

    [Fact]
    public void Alarm_numbers_never_repeat_for_a_patient()
    {
        Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);
        Book.Evaluate(Hr(90), AlarmLimits.AdultDefaults, Now);

        var again = Book.Evaluate(Hr(142), AlarmLimits.AdultDefaults, Now);

        Assert.Equal("p-001~2", Assert.Single(again).AlarmId);
    }

    private static Reading Hr(double value) => new(VitalSign.HeartRate, value, Now);
}
