using Monitoring.Adt;
using Monitoring.Hl7;

namespace Monitoring.UnitTests.Adt;

/// <summary>The ADT reader, on messages written as the HL7 v2.5 ADT chapter shows them (MSH, EVN, PID, PV1; segments ended by CR).</summary>
public sealed class AdtReaderTests
{
    private static readonly AdtPatientIdentifier ById = new("PI");

    // HL7 v2.5 3.3.1: an A01 with the MRN and the hospital's internal id in PID-3, the patient on 4 West, room 401, bed 2.
    private const string A01 =
        "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|MONITORING|WARD|200701011230+0000||ADT^A01^ADT_A01|MSG00001|P|2.5\r" +
        "EVN|A01|200701011225+0000|||JSMITH^Smith^John|200701011220+0000\r" +
        "PID|1||555-44-4444^^^GHH^MR~PAT-8842^^^GHH^PI||EVERYWOMAN^EVE^E^^^^L|JONES|19620320|F\r" +
        "PV1|1|I|4WEST^401^2^GHH||||0148^ATTEND^AARON^A|||SUR||||ADM|A0|";

    private static AdtReadResult Read(string message, AdtPatientIdentifier? identifier = null) =>
        AdtReader.Read(Hl7Message.Parse(message).Message!, identifier ?? ById, AssumedTimeZone.Utc);

    [Fact]
    public void An_A01_gives_the_admission_with_the_internal_id_location_and_time_the_event_occurred()
    {
        var result = Read(A01);

        Assert.True(result.Succeeded, result.Error?.Text);
        var adt = result.Event;
        Assert.Equal(AdtTrigger.A01, adt.Trigger);
        Assert.Equal("PAT-8842", adt.PatientId);
        Assert.Equal(new AdtLocation("4WEST", "401", "2", "GHH"), adt.Location);
        Assert.Null(adt.PriorLocation);
        Assert.Equal(new DateTimeOffset(2007, 1, 1, 12, 20, 0, TimeSpan.Zero), adt.EffectiveAt);
        Assert.Equal("MSG00001", adt.ControlId);
    }

    [Theory]
    [InlineData("A01")]
    [InlineData("A02")]
    [InlineData("A03")]
    [InlineData("A04")]
    [InlineData("A08")]
    [InlineData("A11")]
    [InlineData("A12")]
    [InlineData("A13")]
    public void Each_trigger_taken_is_read(string trigger)
    {
        var result = Read(A01.Replace("ADT^A01^ADT_A01", $"ADT^{trigger}", StringComparison.Ordinal).Replace("EVN|A01", $"EVN|{trigger}", StringComparison.Ordinal));

        Assert.True(result.Succeeded, result.Error?.Text);
        Assert.Equal(Enum.Parse<AdtTrigger>(trigger), result.Event.Trigger);
    }

    [Fact]
    public void A_transfer_reads_the_new_location_from_PV1_3_and_the_old_from_PV1_6()
    {
        var result = Read(
            "MSH|^~\\&|ADT1|GHH|MONITORING|WARD|200701021000+0000||ADT^A02^ADT_A02|MSG00002|P|2.5\r" +
            "EVN|A02|200701021000+0000\r" +
            "PID|1||PAT-8842^^^GHH^PI\r" +
            "PV1|1|I|ICU^12^A|||4WEST^401^2");

        Assert.True(result.Succeeded, result.Error?.Text);
        Assert.Equal(new AdtLocation("ICU", "12", "A"), result.Event.Location);
        Assert.Equal(new AdtLocation("4WEST", "401", "2"), result.Event.PriorLocation);
        Assert.Equal(new DateTimeOffset(2007, 1, 2, 10, 0, 0, TimeSpan.Zero), result.Event.EffectiveAt);
    }

    [Fact]
    public void Without_EVN_the_time_is_MSH_7()
    {
        var result = Read(
            "MSH|^~\\&|ADT1|GHH|||200701021000+0000||ADT^A03|MSG3|P|2.5\rPID|1||PAT-1^^^GHH^PI\rPV1|1|I|4WEST^401^2");

        Assert.Equal(new DateTimeOffset(2007, 1, 2, 10, 0, 0, TimeSpan.Zero), result.Event!.EffectiveAt);
    }

    [Fact]
    public void The_patient_id_is_the_repetition_of_the_configured_type_never_the_first_one()
    {
        Assert.Equal("555-44-4444", Read(A01, new AdtPatientIdentifier("MR")).Event!.PatientId);
        Assert.Equal("PAT-8842", Read(A01).Event!.PatientId);
    }

    [Fact]
    public void With_an_assigning_authority_configured_only_its_identifier_is_taken()
    {
        var twoAuthorities = A01.Replace("PAT-8842^^^GHH^PI", "X-1^^^OTHER^PI~PAT-8842^^^GHH^PI", StringComparison.Ordinal);

        Assert.Equal("PAT-8842", Read(twoAuthorities, new AdtPatientIdentifier("PI", "GHH")).Event!.PatientId);
        Assert.Equal("X-1", Read(twoAuthorities).Event!.PatientId);
    }

    [Fact]
    public void No_identifier_of_the_configured_type_is_AE_101_at_PID_3()
    {
        var result = Read(A01.Replace("~PAT-8842^^^GHH^PI", "", StringComparison.Ordinal));

        AssertRefused(result, AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "PID", 3);
        Assert.DoesNotContain("555-44-4444", result.Error!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_that_cannot_be_a_key_is_AE_102_at_PID_3()
    {
        AssertRefused(Read(A01.Replace("PAT-8842", "PAT 8842/x", StringComparison.Ordinal)), AckCode.AE, Hl7ErrorCodes.DataTypeError, "PID", 3);
    }

    [Theory]
    [InlineData("A01")]
    [InlineData("A02")]
    public void An_admission_or_transfer_without_PV1_3_is_AE_101_at_PV1_3(string trigger)
    {
        var message = A01.Replace("ADT^A01^ADT_A01", $"ADT^{trigger}", StringComparison.Ordinal).Replace("4WEST^401^2^GHH", "", StringComparison.Ordinal);

        AssertRefused(Read(message), AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "PV1", 3);
    }

    [Fact]
    public void A_discharge_needs_no_location()
    {
        var message = A01.Replace("ADT^A01^ADT_A01", "ADT^A03", StringComparison.Ordinal).Replace("4WEST^401^2^GHH", "", StringComparison.Ordinal);

        Assert.Null(Read(message).Event!.Location);
    }

    [Fact]
    public void Point_of_care_alone_is_a_location_with_room_and_bed_empty()
    {
        Assert.Equal(new AdtLocation("ED", "", ""), Read(A01.Replace("4WEST^401^2^GHH", "ED", StringComparison.Ordinal)).Event!.Location);
    }

    [Theory]
    [InlineData("ORU^R01^ORU_R01", Hl7ErrorCodes.UnsupportedMessageType)]
    [InlineData("ADT^A05^ADT_A05", Hl7ErrorCodes.UnsupportedEventCode)]
    [InlineData("ADT^A40^ADT_A39", Hl7ErrorCodes.UnsupportedEventCode)]
    [InlineData("ADT^1^ADT_A01", Hl7ErrorCodes.UnsupportedEventCode)]
    public void A_message_type_or_trigger_not_taken_is_AR(string type, string code)
    {
        AssertRefused(Read(A01.Replace("ADT^A01^ADT_A01", type, StringComparison.Ordinal)), AckCode.AR, code, "MSH", 9);
    }

    [Fact]
    public void A_version_3_message_is_AR_203()
    {
        AssertRefused(Read(A01.Replace("|P|2.5", "|P|3.0", StringComparison.Ordinal)), AckCode.AR, Hl7ErrorCodes.UnsupportedVersionId, "MSH", 12);
    }

    [Theory]
    [InlineData("T")]
    [InlineData("D")]
    public void A_training_or_debugging_message_is_AR_202(string processingId)
    {
        AssertRefused(Read(A01.Replace("|P|2.5", $"|{processingId}|2.5", StringComparison.Ordinal)), AckCode.AR, Hl7ErrorCodes.UnsupportedProcessingId, "MSH", 11);
    }

    [Fact]
    public void No_control_id_is_AE_101_at_MSH_10()
    {
        AssertRefused(Read(A01.Replace("|MSG00001|", "||", StringComparison.Ordinal)), AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "MSH", 10);
    }

    [Theory]
    [InlineData("EVN|A01|200701011225+0000|||JSMITH^Smith^John|yesterday", "EVN", 6)]
    [InlineData("EVN|A01|2007-01-01", "EVN", 2)]
    public void An_unreadable_event_time_is_AE_102_not_replaced_by_another(string evn, string segment, int field)
    {
        var message = A01.Replace("EVN|A01|200701011225+0000|||JSMITH^Smith^John|200701011220+0000", evn, StringComparison.Ordinal);

        AssertRefused(Read(message), AckCode.AE, Hl7ErrorCodes.DataTypeError, segment, field);
    }

    [Fact]
    public void Without_PID_the_message_is_AE_101()
    {
        var message = string.Join('\r', A01.Split('\r').Where(s => !s.StartsWith("PID", StringComparison.Ordinal)));

        AssertRefused(Read(message), AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, "PID", null);
    }

    private static void AssertRefused(AdtReadResult result, AckCode code, string errorCode, string segment, int? field)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Code);
        Assert.Equal(errorCode, result.Error.Code);
        var location = Assert.Single(result.Error.Locations!);
        Assert.Equal(segment, location.Segment);
        Assert.Equal(field, location.Field);
    }
}
