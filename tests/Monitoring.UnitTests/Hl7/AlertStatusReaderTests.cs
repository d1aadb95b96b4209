using Monitoring.Alarms;
using Monitoring.Hl7;
using Monitoring.Hl7.Alerts;

namespace Monitoring.UnitTests.Hl7;

/// <summary>
/// PCD-05 Report Alert Status messages as an alarm manager writes them (IHE PCD TF Vol. 2 3.5, B.10; the status
/// words of the committee's CP-150), written here by hand, read into what the dashboard shows.
/// </summary>
public sealed class AlertStatusReaderTests
{
    private const string Msh = "MSH|^~\\&|ACM||WARD-MONITOR||20261207100012+0000||ORA^R41^ORA_R41|ST-9|P|2.6|||AL|NE||||||IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.5.1^ISO";

    private static AlertStatusMessage Read(params string[] segments) =>
        AlertStatusReader.Read(Hl7Message.Parse(string.Join('\r', [Msh, .. segments])).Message!, AssumedTimeZone.Utc);

    [Fact]
    public void A_read_receipt_names_the_alert_the_doctor_the_pager_and_when()
    {
        var status = Read(
            "PID|||p-001^^^^PI",
            "OBR|1||ST-9^ACM|196616^MDC_EVT_ALARM^MDC|||20261207100012+0000||||||||||||||||||||||^a1.SEALED&WARD-MONITOR",
            "PRT|1|AD|RESPONSE^READ^IHE_PCD_ACM|AAP^Alert Acknowledging Provider|D123^Berg^Anna^^^Dr|||||PAGER-4711^ACM|20261207100012+0000");

        Assert.Null(status.Error);
        Assert.Equal("a1.SEALED", status.AlertId);
        var report = Assert.Single(status.Reports);
        Assert.Equal(DisseminationStatus.Read, report.Status);
        Assert.Equal("Dr Anna Berg", report.Recipient);
        Assert.Equal("PAGER-4711", report.Device);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 12, TimeSpan.Zero), report.At);
    }

    [Theory]
    [InlineData("RECEIVED", DisseminationStatus.Received)]
    [InlineData("DELIVERED", DisseminationStatus.Delivered)]
    [InlineData("CALLBACKSTART", DisseminationStatus.Read)]
    [InlineData("ACCEPTEDPOSITIVE", DisseminationStatus.Accepted)]
    [InlineData("COMPLETED", DisseminationStatus.Accepted)]
    [InlineData("REJECTED", DisseminationStatus.Rejected)]
    [InlineData("UNDELIVERABLE", DisseminationStatus.Undeliverable)]
    public void Each_status_word_is_read(string word, DisseminationStatus expected)
    {
        var status = Read($"OBR|1||a1.SEALED#1^WARD-MONITOR", $"PRT|1|AD|RESPONSE^{word}^IHE_PCD_ACM||||||||||||^^^^^^4711");

        Assert.Equal(expected, Assert.Single(status.Reports).Status);
        Assert.Equal("a1.SEALED", status.AlertId);                              // our update id in OBR-3 names the alert too
        Assert.Equal("4711", status.Reports[0].Device);                         // the pager's PIN (PRT-15, XTN-7)
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 12, TimeSpan.Zero), status.Reports[0].At); // MSH-7 without PRT-11
    }

    [Fact]
    public void A_message_that_is_not_a_PCD_05_is_refused_as_an_unsupported_type()
    {
        var message = Hl7Message.Parse(Msh.Replace("ORA^R41^ORA_R41", "ORU^R40^ORU_R40", StringComparison.Ordinal) + "\rOBR|1||x").Message!;

        Assert.Equal(Hl7ErrorCodes.UnsupportedMessageType, AlertStatusReader.Read(message, AssumedTimeZone.Utc).Error!.Code);
    }

    [Fact]
    public void A_status_without_the_alert_or_the_status_word_names_the_missing_field()
    {
        var noAlert = Read("OBR|1", "PRT|1|AD|RESPONSE^READ^IHE_PCD_ACM");
        var noWord = Read("OBR|1||a1.SEALED^WARD-MONITOR", "PRT|1|AD");
        var noPrt = Read("OBR|1||a1.SEALED^WARD-MONITOR");

        Assert.Equal((Hl7ErrorCodes.RequiredFieldMissing, "OBR", 29), Where(noAlert));
        Assert.Equal((Hl7ErrorCodes.RequiredFieldMissing, "PRT", 3), Where(noWord));
        Assert.Equal((Hl7ErrorCodes.RequiredFieldMissing, "PRT", 3), Where(noPrt));
    }

    [Fact]
    public void An_unknown_status_word_is_refused_as_a_table_value_not_found()
    {
        var status = Read("OBR|1||a1.SEALED^WARD-MONITOR", "PRT|1|AD|RESPONSE^MAYBE^IHE_PCD_ACM");

        Assert.Equal((Hl7ErrorCodes.TableValueNotFound, "PRT", 3), Where(status));
        Assert.Contains("MAYBE", status.Error!.Text, StringComparison.Ordinal);
    }

    private static (string, string, int?) Where(AlertStatusMessage status) =>
        (status.Error!.Code, status.Error.Locations![0].Segment, status.Error.Locations[0].Field);
}
