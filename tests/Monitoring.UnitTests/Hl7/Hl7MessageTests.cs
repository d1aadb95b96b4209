using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

public sealed class Hl7MessageTests
{
    private const string Header = @"MSH|^~\&|App^0011223344556677^EUI-64|Fac|Recv|RecvFac|20261127100000+0000||ORU^R01^ORU_R01|CTRL-1|P|2.6";

    [Fact]
    public void MSH_fields_are_numbered_with_the_separator_as_MSH_1()
    {
        var message = Hl7Fixtures.Parse(Header);

        Assert.Equal("|", message.Header.Field(1));
        Assert.Equal(@"^~\&", message.Header.Field(2));
        Assert.Equal(@"^~\&", message.Header.Component(2, 1));
        Assert.Equal("App^0011223344556677^EUI-64", message.Header.RawField(3));
        Assert.Equal("0011223344556677", message.Header.Component(3, 2));
        Assert.Equal("Fac", message.SendingFacility);
        Assert.Equal("ORU", message.MessageCode);
        Assert.Equal("R01", message.TriggerEvent);
        Assert.Equal("ORU^R01", message.MessageType);
        Assert.Equal("CTRL-1", message.ControlId);
        Assert.Equal("2.6", message.Version);
        Assert.Equal(12, message.Header.FieldCount);
        Assert.Equal("MSH", message.Header.Field(0));
    }

    [Fact]
    public void Other_segments_are_numbered_from_the_field_after_the_id()
    {
        var message = Hl7Fixtures.Parse(Header + "\rPID|1||111^^^Imaginary Hospital&1.3.4.565&ISO^PI~222^^^Other^MR||Doe^John");
        var pid = message.FirstSegment("PID")!;

        Assert.Equal("1", pid.Field(1));
        Assert.Equal("111", pid.Component(3, 1));
        Assert.Equal("Imaginary Hospital&1.3.4.565&ISO", pid.Component(3, 4));
        Assert.Equal("1.3.4.565", pid.Subcomponent(3, 4, 2));
        Assert.Equal("MR", pid.Component(3, 5, repetition: 2));
        Assert.Equal(2, pid.RepetitionCount(3));
        Assert.Equal(["111^^^Imaginary Hospital&1.3.4.565&ISO^PI", "222^^^Other^MR"], pid.RawRepetitions(3));
    }

    [Fact]
    public void Absent_segments_fields_components_and_repetitions_read_as_empty()
    {
        var message = Hl7Fixtures.Parse(Header + "\nPID|1");

        Assert.Equal("", message.Field("PID", 30));
        Assert.Equal("", message.Component("PID", 1, 2));
        Assert.Equal("", message.Field("PID", 1, repetition: 2));
        Assert.Equal("", message.Field("ZZZ", 1));
        Assert.Null(message.FirstSegment("OBX"));
        Assert.Empty(message.Segments("OBX"));
        Assert.Equal(0, message.Header.RepetitionCount(13));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public void Segments_may_end_in_CR_LF_or_CRLF_and_blank_lines_are_ignored(string end)
    {
        var message = Hl7Fixtures.Parse("\uFEFF" + end + Header + end + "PID|1" + end + "OBX|1" + end + "OBX|2" + end);

        Assert.Equal(["MSH", "PID", "OBX", "OBX"], message.AllSegments.Select(s => s.Id));
        Assert.Equal(["1", "2"], message.Segments("OBX").Select(s => s.Field(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t\n")]
    [InlineData("PID|||1\rMSH|^~\\&|A")]
    [InlineData("Hello, world")]
    [InlineData("\u0000\u0001\u00ff\u0080garbage\u0007")]
    [InlineData("MSH")]
    [InlineData("MSH|")]
    [InlineData("MSH|^~|A")]
    [InlineData("MSH|^~\\&^|A")]
    [InlineData("MSH|^~\\&#!|A")]
    [InlineData("MSHA^~\\&A")]
    [InlineData("MSH|^ \\&|A")]
    [InlineData("MSH|^~\\&|A\rPID|1\u0007")]
    [InlineData("MSH|^~\\&|A\rpid|1")]
    [InlineData("MSH|^~\\&|A\rPIDX|1")]
    [InlineData("MSH|^~\\&|A\r|PID")]
    [InlineData("MSH|^~\\&|A\rMSH|^~\\&|B")]
    public void What_is_not_one_HL7_message_fails_with_a_reason(string text)
    {
        var result = Hl7Message.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Null(result.Message);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(20261127);
        const string Alphabet = "MSHOBXPID|^~\\&#0123456789.\r\n -XFSTRE";
        for (var i = 0; i < 5000; i++)
        {
            var body = new string([.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var text = (i % 2 == 0 ? @"MSH|^~\&|" : "") + body;

            var result = Hl7Message.Parse(text);

            if (result.Succeeded)
            {
                OruR01Reader.Read(result.Message, AssumedTimeZone.Utc, Hl7Fixtures.Now);
                Hl7Acknowledgement.Accept(result.Message, "ACK-1", DateTimeOffset.UnixEpoch);
            }
        }
    }

    [Fact]
    public void Huge_numbers_of_segments_repetitions_and_escapes_are_read_in_linear_time()
    {
        const int Segments = 20_000, Count = 200_000;
        var obx = string.Concat(Enumerable.Repeat("OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1|72|/min|||||F|||||||x~x~x\r", Segments));
        var repetitions = string.Join('~', Enumerable.Repeat("junk^junk", Count));
        var escapes = string.Concat(Enumerable.Repeat(@"\E\\F\\Q\\X41\", Count));
        var text = Header + "\r" + obx + "OBX|2||1|1|||||||F|||||||" + repetitions + "\rZXX" + string.Concat(Enumerable.Repeat("|x", Count))
            + "\rNTE|1||" + escapes + @"\unterminated";

        var message = Hl7Fixtures.Parse(text);
        var result = OruR01Reader.Read(message, AssumedTimeZone.Utc, Hl7Fixtures.Now);

        Assert.Equal(Segments + 4, message.AllSegments.Count);
        Assert.Equal(Count, message.FirstSegment("ZXX")!.FieldCount);
        Assert.Equal(Segments, result.Readings.Count);
        Assert.Equal("0011223344556677", result.DeviceId);
        Assert.Equal(Count, message.Segments("OBX").Last().RepetitionCount(18));
        var decoded = message.Field("NTE", 3);
        Assert.Equal(Count * @"\|\Q\A".Length + @"\unterminated".Length, decoded.Length);
    }
}
