using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

public sealed class Hl7AcknowledgementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 11, 30, 15, TimeSpan.FromHours(1));

    private static readonly Hl7Message Received = Hl7Fixtures.Parse(
        @"MSH|^~\&|AcmeInc^ACDE48234567ABCD^EUI-64|Ward 7\T\East|||20090713090030+0000||ORU^R01^ORU_R01|MSGID1234|P|2.6" + "\rOBX|1");

    [Fact]
    public void Accept_is_an_AA_echoing_their_control_id_in_the_example_ACK_layout()
    {
        var ack = Hl7Acknowledgement.Accept(Received, "ACK-0001", Now);

        Assert.Equal(
            @"MSH|^~\&|MONITORING|WARD|AcmeInc^ACDE48234567ABCD^EUI-64|Ward 7\T\East|20261127103015+0000||ACK^R01^ACK|ACK-0001|P|2.6|||NE|NE" + "\r"
            + "MSA|AA|MSGID1234\r",
            ack);
    }

    [Fact]
    public void An_ACK_parses_again_with_our_parser()
    {
        var ack = Hl7Fixtures.Parse(Hl7Acknowledgement.Accept(Received, "ACK-0001", Now));

        Assert.Equal("ACK^R01", ack.MessageType);
        Assert.Equal("ACK-0001", ack.ControlId);
        Assert.Equal("MONITORING", ack.SendingApplication);
        Assert.Equal("ACDE48234567ABCD", ack.Component("MSH", 5, 2));
        Assert.Equal("Ward 7&East", ack.Field("MSH", 6));
        Assert.Equal("20261127103015+0000", ack.Field("MSH", 7));
        Assert.Equal("P", ack.Field("MSH", 11));
        Assert.Equal("2.6", ack.Version);
        Assert.Equal(["MSH", "MSA"], ack.AllSegments.Select(s => s.Id));
        Assert.Equal("AA", ack.Field("MSA", 1));
        Assert.Equal("MSGID1234", ack.Field("MSA", 2));
    }

    [Theory]
    [InlineData(AckCode.AE)]
    [InlineData(AckCode.AR)]
    public void A_rejection_has_an_ERR_with_the_table_0357_code_severity_and_text(AckCode code)
    {
        var text = Hl7Acknowledgement.Reject(Received, code, Hl7ErrorCodes.ApplicationInternalError, "Bed store unavailable", "ACK-2", Now);
        var ack = Hl7Fixtures.Parse(text);

        Assert.EndsWith("MSA|" + code + "|MSGID1234\rERR|||207^Application internal error^HL70357|E||||Bed store unavailable\r", text, StringComparison.Ordinal);
        Assert.Equal(code.ToString(), ack.Field("MSA", 1));
        Assert.Equal("207", ack.Component("ERR", 3, 1));
        Assert.Equal("Application internal error", ack.Component("ERR", 3, 2));
        Assert.Equal("HL70357", ack.Component("ERR", 3, 3));
        Assert.Equal("E", ack.Field("ERR", 4));
        Assert.Equal("Bed store unavailable", ack.Field("ERR", 8));
    }

    [Fact]
    public void Delimiters_and_line_ends_in_texts_are_escaped_and_come_back_intact()
    {
        const string Awkward = "OBX-3 was 1^2 | 3 & 4 ~ 5 \\ 6\r\nline two";
        var text = Hl7Acknowledgement.Reject(Received, AckCode.AE, Hl7ErrorCodes.DataTypeError, Awkward, "id|with^delims", Now);
        var ack = Hl7Fixtures.Parse(text);

        Assert.Contains(@"|OBX-3 was 1\S\2 \F\ 3 \T\ 4 \R\ 5 \E\ 6\X0D\\X0A\line two" + "\r", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.DoesNotContain('\n', text);
        Assert.Equal(Awkward, ack.Field("ERR", 8));
        Assert.Equal("id|with^delims", ack.ControlId);
        Assert.Equal("102^Data type error^HL70357", ack.FirstSegment("ERR")!.RawField(3));
    }

    [Fact]
    public void Fields_copied_from_a_message_with_other_delimiters_are_rewritten_in_ours()
    {
        var received = Hl7Fixtures.Parse("MSH#$*!%#GW$0011223344556677$EUI-64#ICU!F!2^x###20261127120000##ORU$R01#A|B^C#P#2.5\rOBX#1");

        var text = Hl7Acknowledgement.Accept(received, "ACK-3", Now);
        var ack = Hl7Fixtures.Parse(text);

        Assert.StartsWith(@"MSH|^~\&|MONITORING|WARD|GW^0011223344556677^EUI-64|ICU#2\S\x|", text, StringComparison.Ordinal);
        Assert.Equal("A|B^C", ack.Field("MSA", 2));
        Assert.Equal("2.5", ack.Version);
    }

    [Fact]
    public void A_message_that_could_not_be_parsed_gets_an_AR_with_what_can_be_filled()
    {
        var text = Hl7Acknowledgement.Reject(null, AckCode.AE, Hl7ErrorCodes.SegmentSequenceError, "The message does not start with an MSH segment.", "ACK-4", Now);
        var ack = Hl7Fixtures.Parse(text);

        Assert.Equal("ACK^R01", ack.MessageType);
        Assert.Equal("", ack.Field("MSH", 5));
        Assert.Equal(Hl7Acknowledgement.DefaultVersion, ack.Version);
        Assert.Equal("AR", ack.Field("MSA", 1));
        Assert.Equal("", ack.Field("MSA", 2));
        Assert.Equal("100", ack.Component("ERR", 3, 1));
    }

    [Fact]
    public void A_wrong_message_type_is_rejected_with_its_own_trigger_event()
    {
        var adt = Hl7Fixtures.Parse(@"MSH|^~\&|ADMIT|HOSP|||20261127090000||ADT^A01^ADT_A01|ADT-1|P|2.3");

        var ack = Hl7Fixtures.Parse(Hl7Acknowledgement.Reject(adt, AckCode.AR, Hl7ErrorCodes.UnsupportedMessageType, "Only ORU^R01 is accepted.", "ACK-5", Now));

        Assert.Equal("ACK^A01", ack.MessageType);
        Assert.Equal("2.3", ack.Version);
        Assert.Equal("Unsupported message type", ack.Component("ERR", 3, 2));
        Assert.Equal("Only ORU^R01 is accepted.", ack.Field("ERR", 8));
    }

    [Fact]
    public void An_AA_with_warnings_has_one_ERR_of_severity_W_each_with_its_locations()
    {
        var text = Hl7Acknowledgement.Accept(Received, "ACK-8", Now,
        [
            new Hl7Error(Hl7ErrorCodes.TableValueNotFound, "2 OBX not taken", Hl7ErrorSeverity.Warning, [new("OBX", 3, 3), new("OBX", 7, 3)]),
            new Hl7Error(Hl7ErrorCodes.DataTypeError, "1 OBX not taken", Hl7ErrorSeverity.Warning, [new("OBX", 9)]),
        ]);
        var ack = Hl7Fixtures.Parse(text);

        Assert.EndsWith("MSA|AA|MSGID1234\rERR||OBX^3^3~OBX^7^3|103^Table value not found^HL70357|W||||2 OBX not taken\rERR||OBX^9|102^Data type error^HL70357|W||||1 OBX not taken\r", text, StringComparison.Ordinal);
        var first = ack.Segments("ERR").First();
        Assert.Equal(2, first.RepetitionCount(2));
        Assert.Equal("OBX", first.Component(2, 1, repetition: 2));
        Assert.Equal("7", first.Component(2, 2, repetition: 2));
        Assert.Equal("3", first.Component(2, 3, repetition: 2));
        Assert.Equal("W", first.Field(4));
    }

    [Fact]
    public void An_AA_carries_no_error_of_severity_E_and_a_rejection_at_least_one_ERR()
    {
        Assert.Throws<ArgumentException>(() => Hl7Acknowledgement.Accept(Received, "ACK-9", Now, [new Hl7Error(Hl7ErrorCodes.DataTypeError, "x")]));
        Assert.Throws<ArgumentException>(() => Hl7Acknowledgement.Reject(Received, AckCode.AE, [], "ACK-10", Now));
    }

    [Fact]
    public void A_code_not_in_table_0357_keeps_an_empty_text_and_AA_is_no_rejection()
    {
        var ack = Hl7Fixtures.Parse(Hl7Acknowledgement.Reject(Received, AckCode.AE, "999", "?", "ACK-6", Now));

        Assert.Equal("999^^HL70357", ack.FirstSegment("ERR")!.RawField(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hl7Acknowledgement.Reject(Received, AckCode.AA, "0", "", "ACK-7", Now));
    }
}
