using Monitoring.Alarms;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Hl7;

/// <summary>
/// The PCD-04 Report Alert we send, checked field by field against the IHE PCD Technical Framework Vol. 2
/// (Rev. 9.0): B.1 (MSH), B.5/B.6 (PID, PV1), B.7.1 (OBR) and B.8.5/B.8.6 (the seven alert facets).
/// </summary>
public sealed class ReportAlertMessageTests
{
    private static readonly DateTimeOffset RaisedAt = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReportAlertHeader Header = new("WARD-MONITOR", "ACM", "ALM42", RaisedAt.AddMilliseconds(120));

    private static AlertReport Desaturation(AlertPhase phase = AlertPhase.Start, int update = 1) =>
        new("a1.SEALEDID", update, "p-001", "icu-3w", "3", AlarmKind.Physiological, "spo2-desat", AlarmPriority.High, phase,
            phase == AlertPhase.End ? AlertState.Inactive : AlertState.Active,
            phase == AlertPhase.Acknowledged ? AlertInactivation.Acknowledged : AlertInactivation.Enabled,
            VitalSign.SpO2, 78, "080019FFFF4F6AC0", RaisedAt, RaisedAt.AddSeconds(update - 1), 0, null);

    private static Hl7Message Read(AlertReport report) => Hl7Message.Parse(ReportAlertMessage.Build(report, Header).Text).Message!;

    [Fact]
    public void The_header_names_the_PCD_04_message_its_version_acknowledgement_and_profile()
    {
        var msh = Read(Desaturation()).Header;

        Assert.Equal("WARD-MONITOR", msh.Field(3));
        Assert.Equal("ACM", msh.Field(5));
        Assert.Equal("20261207100000.120+0000", msh.Field(7));               // with its zone offset (C.4)
        Assert.Equal(["ORU", "R40", "ORU_R40"], [msh.Component(9, 1), msh.Component(9, 2), msh.Component(9, 3)]);
        Assert.Equal("ALM42", msh.Field(10));
        Assert.Equal("P", msh.Field(11));
        Assert.Equal("2.6", msh.Field(12));
        Assert.Equal("AL", msh.Field(15));
        Assert.Equal("NE", msh.Field(16));
        Assert.Equal("UNICODE UTF-8", msh.Field(18));
        Assert.Equal(ReportAlertMessage.ProfileOid, msh.Component(21, 3));
        Assert.Equal("ISO", msh.Component(21, 4));
    }

    [Fact]
    public void The_patient_is_named_by_the_opaque_id_only_and_located_by_unit_and_bed()
    {
        var message = Read(Desaturation());
        var pid = message.FirstSegment("PID")!;
        var pv1 = message.FirstSegment("PV1")!;

        Assert.Equal("p-001", pid.Component(3, 1));
        Assert.Equal("PI", pid.Component(3, 5));
        Assert.Equal("U", pid.Component(5, 7));                               // name type unknown, no name
        Assert.Equal("", pid.Component(5, 1));
        Assert.Equal("I", pv1.Field(2));
        Assert.Equal(("icu-3w", "3"), (pv1.Component(3, 1), pv1.Component(3, 3)));
    }

    [Fact]
    public void A_start_message_carries_the_alert_identifier_in_OBR_3_and_no_parent()
    {
        var obr = Read(Desaturation()).FirstSegment("OBR")!;

        Assert.Equal("1", obr.Field(1));
        Assert.Equal(("a1.SEALEDID", "WARD-MONITOR"), (obr.Component(3, 1), obr.Component(3, 2)));
        Assert.Equal(["196616", "MDC_EVT_ALARM", "MDC"], [obr.Component(4, 1), obr.Component(4, 2), obr.Component(4, 3)]);
        Assert.Equal("20261207100000.120+0000", obr.Field(7));
        Assert.Equal("", obr.Field(29));
    }

    [Theory]
    [InlineData(AlertPhase.Acknowledged, "acknowledged")]
    [InlineData(AlertPhase.Escalate, "escalate")]
    [InlineData(AlertPhase.Update, "update")]
    [InlineData(AlertPhase.End, "end")]
    public void Every_later_message_has_an_OBR_3_of_its_own_and_the_alert_in_OBR_29(AlertPhase phase, string word)
    {
        var message = Read(Desaturation(phase, update: 3));
        var obr = message.FirstSegment("OBR")!;

        Assert.Equal("a1.SEALEDID#3", obr.Component(3, 1));
        Assert.Equal(("a1.SEALEDID", "WARD-MONITOR"), (obr.Subcomponent(29, 2, 1), obr.Subcomponent(29, 2, 2)));
        Assert.Equal(word, Facet(message, 3).Field(5));
    }

    [Fact]
    public void The_seven_facets_come_in_order_with_their_MDC_codes_sub_ids_and_final_status()
    {
        var message = Read(Desaturation());
        var obx = message.Segments("OBX").ToList();

        Assert.Equal(7, obx.Count);
        string[] codes = ["196670", "150456", "68481", "68482", "68483", "68484", "68485"];
        for (var i = 0; i < obx.Count; i++)
        {
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), obx[i].Field(1));
            Assert.Equal(codes[i], obx[i].Component(3, 1));
            Assert.Equal("MDC", obx[i].Component(3, 3));
            Assert.Equal($"1.0.0.0.{i + 1}", obx[i].Field(4));
            Assert.Equal("F", obx[i].Field(11));
            Assert.Equal("", obx[i].Field(8));                                // priority and type are facets, not the deprecated OBX-8
        }

        Assert.Equal(["ST", "NM", "ST", "ST", "ST", "ST", "ST"], obx.Select(o => o.Field(2)));
    }

    [Fact]
    public void A_desaturation_is_a_low_value_event_of_SpO2_with_its_value_time_device_and_IEC_high_priority()
    {
        var message = Read(Desaturation());

        var evt = Facet(message, 1);
        Assert.Equal("MDC_EVT_LO", evt.Component(3, 2));
        Assert.Equal("SpO2 desaturation", evt.Field(5));
        Assert.Equal("20261207100000.000+0000", evt.Field(14));               // the alert's time is OBX-14 of facet 1
        Assert.Equal(("080019FFFF4F6AC0", "080019FFFF4F6AC0", "EUI-64"), (evt.Component(18, 1), evt.Component(18, 3), evt.Component(18, 4)));

        var source = Facet(message, 2);
        Assert.Equal("MDC_PULS_OXIM_SAT_O2", source.Component(3, 2));
        Assert.Equal("78", source.Field(5));
        Assert.Equal(("262688", "MDC_DIM_PERCENT"), (source.Component(6, 1), source.Component(6, 2)));

        Assert.Equal("active", Facet(message, 4).Field(5));
        Assert.Equal("enabled", Facet(message, 5).Field(5));
        Assert.Equal("PH", Facet(message, 6).Field(5));
        Assert.Equal("SP", Facet(message, 7).Field(5));
    }

    [Fact]
    public void An_acknowledged_alarm_says_so_in_its_inactivation_state_and_an_ended_one_is_inactive()
    {
        Assert.Equal("alert-acknowledged", Facet(Read(Desaturation(AlertPhase.Acknowledged, 2)), 5).Field(5));
        Assert.Equal("inactive", Facet(Read(Desaturation(AlertPhase.End, 4)), 4).Field(5));
    }

    [Fact]
    public void A_tachycardia_is_a_high_value_event_and_a_medium_alarm_is_PM()
    {
        var report = Desaturation() with { Code = "hr-high", Source = VitalSign.HeartRate, Value = 142, Priority = AlarmPriority.Medium };
        var message = Read(report);

        Assert.Equal(("196648", "MDC_EVT_HI"), (Facet(message, 1).Component(3, 1), Facet(message, 1).Component(3, 2)));
        Assert.Equal("Heart rate high", Facet(message, 1).Field(5));
        Assert.Equal("MDC_ECG_HEART_RATE", Facet(message, 2).Component(3, 2));
        Assert.Equal("PM", Facet(message, 6).Field(5));
    }

    [Fact]
    public void A_device_gone_offline_is_a_technical_alarm_event_whose_source_is_the_device()
    {
        var report = Desaturation() with { Kind = AlarmKind.Technical, Code = "device-offline", Source = null, Value = null, Priority = AlarmPriority.Medium };
        var message = Read(report);

        var evt = Facet(message, 1);
        Assert.Equal(("CWE", "196616"), (evt.Field(2), evt.Component(3, 1)));
        Assert.Equal(("device-offline", "Device offline", ReportAlertMessage.LocalCodingSystem), (evt.Component(5, 1), evt.Component(5, 2), evt.Component(5, 3)));
        Assert.Equal(("CWE", "68480", "device"), (Facet(message, 2).Field(2), Facet(message, 2).Component(3, 1), Facet(message, 2).Component(5, 1)));
        Assert.Equal("ST", Facet(message, 7).Field(5));
    }

    [Fact]
    public void A_NEWS2_alarm_names_the_score_as_its_source()
    {
        var report = Desaturation() with { Code = "news2-high", Source = null, Value = 8, DeviceId = null };
        var message = Read(report);

        Assert.Equal("NEWS2 7 or more", Facet(message, 1).Component(5, 2));
        Assert.Equal("news2", Facet(message, 2).Component(5, 1));
        Assert.Equal("", Facet(message, 1).Field(18));
    }

    [Fact]
    public void Ids_and_names_with_HL7_delimiters_are_escaped_and_read_back_whole()
    {
        var report = Desaturation(AlertPhase.End, 2) with { AlertId = "p~1|x#7", UnitId = "icu^3w", Bed = "3&4" };
        var message = Read(report);

        Assert.Equal("p~1|x#7#2", message.FirstSegment("OBR")!.Component(3, 1));
        Assert.Equal("p~1|x#7", message.FirstSegment("OBR")!.Subcomponent(29, 2, 1));
        Assert.Equal(("icu^3w", "3&4"), (message.FirstSegment("PV1")!.Component(3, 1), message.FirstSegment("PV1")!.Component(3, 3)));
        Assert.Equal("p~1|x#7", AlertStatusReader.AlertOf("p~1|x#7#2"));
    }

    private static Hl7Segment Facet(Hl7Message message, int facet) => message.Segments("OBX").Single(o => o.Field(4) == $"1.0.0.0.{facet}");

    [Fact]
    public void Observations_overdue_is_an_advisory_a_reminder_to_measure()
    {
        var report = Desaturation() with { Code = "news2-overdue", Source = null, Priority = AlarmPriority.Low };

        Assert.Equal("SA", Facet(Read(report), 7).Field(5));
    }
}
