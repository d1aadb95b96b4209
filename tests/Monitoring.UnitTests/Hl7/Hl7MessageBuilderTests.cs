using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

/// <summary>What we write in HL7 v2: whatever text a field holds, the message keeps its structure and reads back the same.</summary>
public sealed class Hl7MessageBuilderTests
{
    private const string Awkward = "Cuff | hose ^ kinked & ~ retried \\ twice\r\nthen OK é";

    [Fact]
    public void Segments_end_in_CR_and_MSH_1_and_MSH_2_are_the_delimiters()
    {
        var text = new Hl7MessageBuilder()
            .Header().Field("GW", "0011223344556677", "EUI-64").EmptyFields(5).Field("ORU", "R01", "ORU_R01").Field("C1").Field("P").Field("2.6")
            .Segment("OBX").Field("1").Field("NM")
            .Build();

        Assert.Equal("MSH|^~\\&|GW^0011223344556677^EUI-64||||||ORU^R01^ORU_R01|C1|P|2.6\rOBX|1|NM\r", text);
    }

    [Fact]
    public void The_delimiters_in_field_content_are_escaped_and_the_parser_reads_the_text_back()
    {
        var text = new Hl7MessageBuilder()
            .Header().Field("GW").Field(Awkward).EmptyFields(4).Field("ORU", "R01").Field("C|1").Field("P").Field("2.6")
            .Segment("NTE").Field("1").EmptyFields(1).Field(Awkward)
            .Segment("OBX").Field("1").Field("ST").Field("code^with^carets", "mnemonic & more", "MDC").EmptyFields(1).Field("a~b")
            .Build();

        var message = Hl7Fixtures.Parse(text);
        Assert.Equal(3, message.AllSegments.Count);
        Assert.Equal(Awkward, message.Header.Field(4));
        Assert.Equal("C|1", message.ControlId);
        Assert.Equal("ORU^R01", message.MessageType);
        Assert.Equal(Awkward, message.Field("NTE", 3));
        Assert.Equal("code^with^carets", message.Component("OBX", 3, 1));
        Assert.Equal("mnemonic & more", message.Component("OBX", 3, 2));
        Assert.Equal("MDC", message.Component("OBX", 3, 3));
        Assert.Equal(1, message.FirstSegment("OBX")!.RepetitionCount(5));
        Assert.Equal("a~b", message.Field("OBX", 5));
    }

    [Fact]
    public void A_message_written_with_other_delimiters_declares_them_and_escapes_them()
    {
        var delimiters = new Hl7Delimiters('#', '$', '*', '!', '%');
        var text = new Hl7MessageBuilder(delimiters)
            .Header().Field("GW", "A#B").EmptyFields(5).Field("ORU", "R01").Field("C1").Field("P").Field("2.6")
            .Build();

        Assert.StartsWith("MSH#$*!%#GW$A!F!B#", text, StringComparison.Ordinal);
        var message = Hl7Fixtures.Parse(text);
        Assert.Equal(delimiters, message.Delimiters);
        Assert.Equal("A#B", message.Header.Component(3, 2));
    }

    [Fact]
    public void An_encoded_field_is_copied_as_it_stands()
    {
        var received = Hl7Fixtures.Parse(@"MSH|^~\&|GW^A\T\B&sub|Ward 7\T\East|||20261127100000+0000||ORU^R01|C1|P|2.6");

        var text = new Hl7MessageBuilder().Header().EncodedField(received.Header.FieldWith(3, Hl7Delimiters.Standard)).Build();

        Assert.Equal("MSH|^~\\&|GW^A\\T\\B&sub\r", text);
    }

    [Fact]
    public void The_builder_writes_one_message_after_another_once_cleared()
    {
        var builder = new Hl7MessageBuilder();
        var first = builder.Header().Field("ONE").Build();

        var second = builder.Clear().Header().Field("TWO").Build();

        Assert.Equal("MSH|^~\\&|ONE\r", first);
        Assert.Equal("MSH|^~\\&|TWO\r", second);
    }

    [Fact]
    public void What_would_break_the_structure_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new Hl7MessageBuilder().Field("no segment yet"));
        Assert.Throws<InvalidOperationException>(() => new Hl7MessageBuilder().Segment("PID"));
        Assert.Throws<InvalidOperationException>(() => new Hl7MessageBuilder().Header().Segment("MSH"));
        Assert.Throws<InvalidOperationException>(() => new Hl7MessageBuilder().Header().Header());
        Assert.Throws<ArgumentException>(() => new Hl7MessageBuilder().Header().Segment("obx"));
        Assert.Throws<ArgumentException>(() => new Hl7MessageBuilder().Header().Segment("OBXX"));
        Assert.Throws<ArgumentException>(() => new Hl7MessageBuilder().Header().EncodedField("a|b"));
        Assert.Throws<ArgumentException>(() => new Hl7MessageBuilder().Header().EncodedField("a\rPID|1"));
    }
}
