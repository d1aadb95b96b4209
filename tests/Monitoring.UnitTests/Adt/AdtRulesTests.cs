using Monitoring.Adt;
using Monitoring.Api.Adt;

namespace Monitoring.UnitTests.Adt;

/// <summary>How a feed's events change a patient, in and out of order.</summary>
public sealed class AdtRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly UnitBed Ward = new("ward-4w", "2");
    private static readonly UnitBed Icu = new("icu", "12");

    private static AdtEvent Event(AdtTrigger trigger, int minute, string controlId = "M") =>
        new(trigger, "p-1", null, null, T0.AddMinutes(minute), "ADT1|GHH", controlId);

    private static AdtPatientRecord Record(AdtTrigger last, int minute, UnitBed? location, UnitBed? previous = null) =>
        new(location, previous, last, T0.AddMinutes(minute), "earlier");

    [Fact]
    public void An_admission_puts_a_patient_not_admitted_in_the_mapped_bed()
    {
        Assert.Equal(AdtDecision.Place(Ward), AdtRules.Decide(Event(AdtTrigger.A01, 0), current: null, record: null, Ward));
    }

    [Fact]
    public void A_transfer_for_a_patient_not_admitted_admits_them_to_the_new_location()
    {
        Assert.Equal(AdtDecision.Place(Icu), AdtRules.Decide(Event(AdtTrigger.A02, 5), current: null, record: null, Icu));
    }

    [Fact]
    public void A_transfer_that_arrives_after_the_discharge_it_preceded_does_not_readmit()
    {
        var decision = AdtRules.Decide(Event(AdtTrigger.A02, 5), current: null, Record(AdtTrigger.A03, 10, null, Ward), Icu);

        Assert.Equal(AdtDecisionKind.Older, decision.Kind);
    }

    [Fact]
    public void An_event_at_the_same_time_as_the_last_is_applied_in_the_order_it_came()
    {
        Assert.Equal(AdtDecision.Discharge(), AdtRules.Decide(Event(AdtTrigger.A03, 10), Icu, Record(AdtTrigger.A02, 10, Icu, Ward), null));
    }

    [Fact]
    public void A_discharge_of_a_patient_not_admitted_changes_nothing()
    {
        Assert.Equal(AdtDecisionKind.Nothing, AdtRules.Decide(Event(AdtTrigger.A03, 0), null, null, null).Kind);
    }

    [Fact]
    public void Cancelling_a_transfer_returns_the_patient_to_PV1_3_or_else_to_the_bed_recorded_before_it()
    {
        var afterTransfer = Record(AdtTrigger.A02, 5, Icu, Ward);

        Assert.Equal(AdtDecision.Place(Ward), AdtRules.Decide(Event(AdtTrigger.A12, 6), Icu, afterTransfer, target: null));
        var other = new UnitBed("ward-5e", "1");
        Assert.Equal(AdtDecision.Place(other), AdtRules.Decide(Event(AdtTrigger.A12, 6), Icu, afterTransfer, other));
    }

    [Fact]
    public void Cancelling_a_transfer_after_a_later_discharge_changes_nothing()
    {
        var decision = AdtRules.Decide(Event(AdtTrigger.A12, 20), null, Record(AdtTrigger.A03, 10, null, Icu), null);

        Assert.Equal(AdtDecisionKind.Nothing, decision.Kind);
    }

    [Fact]
    public void Cancelling_a_transfer_with_no_location_before_it_is_refused_at_PV1_3()
    {
        var decision = AdtRules.Decide(Event(AdtTrigger.A12, 6), Icu, Record(AdtTrigger.A02, 5, Icu, previous: null), null);

        Assert.Equal(AdtDecisionKind.Refused, decision.Kind);
        Assert.Equal(3, decision.Field);
    }

    [Fact]
    public void Cancelling_a_discharge_readmits_to_the_bed_before_the_discharge()
    {
        Assert.Equal(AdtDecision.Place(Icu), AdtRules.Decide(Event(AdtTrigger.A13, 12), null, Record(AdtTrigger.A03, 10, null, Icu), null));
    }

    [Fact]
    public void Cancelling_a_discharge_of_a_patient_admitted_again_changes_nothing()
    {
        Assert.Equal(AdtDecisionKind.Nothing, AdtRules.Decide(Event(AdtTrigger.A13, 30), Ward, Record(AdtTrigger.A01, 20, Ward), null).Kind);
    }

    [Fact]
    public void Cancelling_an_admission_discharges()
    {
        Assert.Equal(AdtDecision.Discharge(), AdtRules.Decide(Event(AdtTrigger.A11, 1), Ward, Record(AdtTrigger.A01, 0, Ward), null));
    }

    [Fact]
    public void An_update_moves_an_admitted_patient_but_admits_nobody()
    {
        Assert.Equal(AdtDecision.Place(Icu), AdtRules.Decide(Event(AdtTrigger.A08, 1), Ward, Record(AdtTrigger.A01, 0, Ward), Icu));
        Assert.Equal(AdtDecisionKind.Nothing, AdtRules.Decide(Event(AdtTrigger.A08, 1), null, null, Icu).Kind);
    }

    [Fact]
    public void A_registration_places_the_patient_only_when_it_names_a_bed()
    {
        Assert.Equal(AdtDecision.Place(Ward), AdtRules.Decide(Event(AdtTrigger.A04, 0), null, null, Ward));
        Assert.Equal(AdtDecisionKind.Nothing, AdtRules.Decide(Event(AdtTrigger.A04, 0), null, null, null).Kind);
    }

    [Fact]
    public void The_record_after_a_transfer_keeps_the_bed_left_for_a_cancel()
    {
        var adt = Event(AdtTrigger.A02, 5, "MSG2");

        var after = AdtRules.After(adt, AdtDecision.Place(Icu), Ward, Record(AdtTrigger.A01, 0, Ward));

        Assert.Equal(new AdtPatientRecord(Icu, Ward, AdtTrigger.A02, T0.AddMinutes(5), "MSG2"), after);
    }
}
