using Monitoring.Alarms;
using static Monitoring.Vitals.VitalSign;

namespace Monitoring.UnitTests.Alarms;

/// <summary>
/// The alarm manager (nurse call, pagers) carries alarms to people and reports back (IHE PCD-05). An alarm it
/// cannot get to anyone must not wait out the unit's escalation window: it goes to the next level at once.
/// </summary>
public sealed class UndeliveredAlarmTests
{
    [Fact]
    public void A_desaturation_nobody_was_paged_for_in_time_goes_to_on_call_at_once_not_after_the_units_30_s()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75));
        Assert.Equal(0, ward.Open("spo2-desat")!.EscalationLevel);

        Assert.True(ward.DeliveryDeadlinePasses("spo2-desat"));

        var escalation = ward.Transitions[^1];
        Assert.Equal(AlarmTransitionReason.Escalated, escalation.Reason);
        Assert.Equal(AlarmEngine.UndeliveredActor, escalation.Actor);
        Assert.Equal(1, ward.Open("spo2-desat")!.EscalationLevel);
    }

    [Fact]
    public void After_an_escalation_for_want_of_delivery_the_units_window_still_takes_it_to_the_next_level()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.DeliveryDeadlinePasses("sbp-low");

        ward.After(30);
        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);

        ward.After(30);
        Assert.Equal(2, ward.Open("sbp-low")!.EscalationLevel);
        Assert.Equal(2, ward.TransitionsOf("sbp-low").Count(t => t.Reason == AlarmTransitionReason.Escalated));
    }

    [Theory]
    [InlineData(DisseminationStatus.Delivered)]
    [InlineData(DisseminationStatus.Read)]
    [InlineData(DisseminationStatus.Accepted)]
    public void An_alarm_a_nurse_has_on_her_pager_is_not_escalated_by_the_deadline(DisseminationStatus status)
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).Paged("sbp-low", status);

        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
        Assert.Equal(0, ward.Open("sbp-low")!.EscalationLevel);
        Assert.Equal(status, ward.Open("sbp-low")!.Dissemination!.Status);
    }

    [Theory]
    [InlineData(DisseminationStatus.Received)]
    [InlineData(DisseminationStatus.Undeliverable)]
    [InlineData(DisseminationStatus.Rejected)]
    public void An_alarm_that_reached_nobody_is_escalated_by_the_deadline(DisseminationStatus status)
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).Paged("sbp-low", status);

        Assert.True(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void An_acknowledged_alarm_is_not_escalated_for_want_of_delivery()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Acknowledge("sbp-low");

        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void A_medium_alarm_that_does_not_escalate_on_its_unit_is_not_escalated_for_want_of_delivery_either()
    {
        var ward = new Ward();
        ward.Reads((Temperature, 39.5));

        Assert.False(ward.DeliveryDeadlinePasses("temp-high"));
        Assert.DoesNotContain(ward.Transitions, t => t.Reason == AlarmTransitionReason.Escalated);
    }

    [Fact]
    public void An_alarm_the_units_window_already_sent_to_on_call_is_not_taken_a_level_further_for_want_of_delivery()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).After(30);
        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);

        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);
    }

    [Fact]
    public void The_deadline_and_an_undeliverable_report_together_send_the_alarm_to_on_call_once_not_up_the_whole_chain()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Paged("sbp-low", DisseminationStatus.Undeliverable);
        ward.DeliveryDeadlinePasses("sbp-low");
        ward.Paged("sbp-low", DisseminationStatus.Undeliverable);
        ward.DeliveryDeadlinePasses("sbp-low");

        Assert.Equal(1, ward.Open("sbp-low")!.EscalationLevel);
        Assert.Single(ward.TransitionsOf("sbp-low"), t => t.Reason == AlarmTransitionReason.Escalated);
    }

    [Fact]
    public void A_failure_on_one_device_after_another_device_delivered_leaves_the_alarm_delivered()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80)).Paged("sbp-low", DisseminationStatus.Delivered).Paged("sbp-low", DisseminationStatus.Undeliverable, "Sam Okafor");

        Assert.Equal(DisseminationStatus.Delivered, ward.Open("sbp-low")!.Dissemination!.Status);
        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void A_read_receipt_of_the_activation_before_arriving_after_the_alarm_alarmed_again_does_not_count_for_the_new_one()
    {
        var policy = UnitAlarmPolicy.Default;
        var ward = new Ward(policy);
        ward.Reads((SystolicPressure, 80));
        var readAt = ward.Now.AddSeconds(5);
        ward.Acknowledge("sbp-low");
        ward.After(policy.ReAlarmAfter.TotalSeconds).Reads((SystolicPressure, 80));

        ward.Monitor.RecordDissemination(ward.Open("sbp-low")!.AlarmId, new AlarmDissemination(DisseminationStatus.Read, "Dr Berg", null, readAt));

        Assert.Null(ward.Open("sbp-low")!.Dissemination);
        Assert.True(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void A_report_from_a_manager_whose_clock_runs_a_few_seconds_behind_still_counts()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Monitor.RecordDissemination(ward.Open("sbp-low")!.AlarmId, new AlarmDissemination(DisseminationStatus.Delivered, "Dr Berg", null, ward.Now.AddSeconds(-3)));

        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void An_alarm_that_alarms_again_after_acknowledgement_needs_a_new_delivery_its_old_page_does_not_count()
    {
        var policy = UnitAlarmPolicy.Default;
        var ward = new Ward(policy);
        ward.Reads((SystolicPressure, 80)).Paged("sbp-low", DisseminationStatus.Read);
        ward.Acknowledge("sbp-low");

        ward.After(policy.ReAlarmAfter.TotalSeconds).Reads((SystolicPressure, 80));
        Assert.Equal(AlarmState.Active, ward.Open("sbp-low")!.State);
        Assert.Null(ward.Open("sbp-low")!.Dissemination);

        Assert.True(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void A_deadline_for_an_earlier_activation_does_not_escalate_the_alarm_that_alarmed_again()
    {
        var policy = UnitAlarmPolicy.Default;
        var ward = new Ward(policy);
        ward.Reads((SystolicPressure, 80));
        var first = ward.Open("sbp-low")!.ActiveSince;
        ward.Acknowledge("sbp-low");
        ward.After(policy.ReAlarmAfter.TotalSeconds).Reads((SystolicPressure, 80));

        Assert.False(ward.Monitor.EscalateUndelivered(ward.Open("sbp-low")!.AlarmId, first));
    }

    [Fact]
    public void The_deadline_finds_its_alarm_by_a_raise_time_read_back_from_the_database_with_microseconds_only()
    {
        var ward = new Ward();
        ward.Clock.Advance(TimeSpan.FromTicks(7)); // a time PostgreSQL cannot keep to the tick
        ward.Reads((SystolicPressure, 80));
        var stored = ward.Open("sbp-low")!.ActiveSince;
        var readBack = new DateTimeOffset(stored.Ticks - (stored.Ticks % 10), stored.Offset);

        Assert.True(ward.Monitor.EscalateUndelivered(ward.Open("sbp-low")!.AlarmId, readBack));
    }

    [Fact]
    public void The_managers_report_stays_with_the_alarm_and_is_shown_with_it()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75)).Paged("spo2-desat", DisseminationStatus.Read, "Dr Anna Berg");

        var view = ward.Open("spo2-desat")!.ToView("p-1", "icu-3w", "3");

        Assert.Equal(new AlarmDissemination(DisseminationStatus.Read, "Dr Anna Berg", "pager 4711", ward.Now), view.Dissemination);
    }

    [Fact]
    public void A_desaturation_that_keeps_coming_back_has_a_deadline_for_each_return_and_one_that_ended_is_left_alone()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75));
        var first = ward.Open("spo2-desat")!;
        ward.Acknowledge("spo2-desat");
        ward.After(5).Reads((SpO2, 97));
        Assert.Null(ward.Open("spo2-desat"));

        ward.After(5).Reads((SpO2, 74));
        var second = ward.Open("spo2-desat")!;

        Assert.NotEqual(first.AlarmId, second.AlarmId);
        Assert.False(ward.Monitor.EscalateUndelivered(first.AlarmId, first.ActiveSince));
        Assert.True(ward.DeliveryDeadlinePasses("spo2-desat"));
    }

    [Fact]
    public void SpO2_jittering_at_its_limit_while_the_alarm_is_open_keeps_its_one_deadline()
    {
        var ward = new Ward();
        ward.Reads((SpO2, 75)).After(1).Reads((SpO2, 81)).After(1).Reads((SpO2, 79)).After(1).Reads((SpO2, 81));
        var alarm = ward.Open("spo2-desat")!;

        Assert.Single(ward.TransitionsOf("spo2-desat"), t => t.Reason == AlarmTransitionReason.Raised);
        Assert.True(ward.Monitor.EscalateUndelivered(alarm.AlarmId, alarm.ActiveSince));
    }

    [Fact]
    public void When_the_monitor_is_moved_to_another_patient_the_hypotension_still_escalates_for_want_of_a_page_and_the_medium_unbound_alarm_does_not()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Monitor.DeviceTaken(Ward.Device);
        ward.After(0);

        Assert.NotNull(ward.Open("device-unbound"));
        Assert.False(ward.DeliveryDeadlinePasses("device-unbound"));
        Assert.True(ward.DeliveryDeadlinePasses("sbp-low"));
    }

    [Fact]
    public void A_report_dated_ahead_of_our_clock_by_the_managers_clock_still_counts()
    {
        var ward = new Ward();
        ward.Reads((SystolicPressure, 80));
        ward.Monitor.RecordDissemination(ward.Open("sbp-low")!.AlarmId, new AlarmDissemination(DisseminationStatus.Read, "Dr Berg", null, ward.Now.AddMinutes(2)));

        Assert.False(ward.DeliveryDeadlinePasses("sbp-low"));
    }
}
