using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

/// <summary>What a gateway (the simulator's devices among them) reads in the ACKs we send: the reader reads what the builder builds.</summary>
public sealed class ReceivedAcknowledgementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 5, TimeSpan.Zero);
    private static readonly Hl7Message Received = Hl7Fixtures.Parse(
        @"MSH|^~\&|GW^AAAAAAAAAAAAAAAA^EUI-64|WARD|||20261127100000+0000||ORU^R01^ORU_R01|4200001|P|2.6" + "\rOBX|1");

    [Fact]
    public void An_AA_is_accepted_for_the_control_id_that_was_sent()
    {
        var ack = Read(Hl7Acknowledgement.Accept(Received, "ACK1", Now));

        Assert.True(ack.IsAccepted);
        Assert.False(ack.IsRejected);
        Assert.False(ack.IsDuplicate);
        Assert.Equal("4200001", ack.ControlId);
        Assert.Equal("MSA|AA", ack.Describe());
    }

    [Fact]
    public void An_AA_with_warnings_is_accepted_and_says_what_was_not_taken()
    {
        var ack = Read(Hl7Acknowledgement.Accept(Received, "ACK1", Now,
            [new Hl7Error(Hl7ErrorCodes.TableValueNotFound, "1 OBX not taken: skin temperature", Hl7ErrorSeverity.Warning, [new Hl7ErrorLocation("OBX", 2, 3)])]));

        Assert.True(ack.IsAccepted);
        Assert.Equal("MSA|AA: 103 Table value not found: 1 OBX not taken: skin temperature", ack.Describe());
    }

    [Fact]
    public void An_AE_is_neither_accepted_nor_refused_for_good_so_the_message_is_sent_again()
    {
        var ack = Read(Hl7Acknowledgement.Reject(Received, AckCode.AE, Hl7ErrorCodes.ApplicationInternalError, "Busy; nothing was stored.", "ACK1", Now));

        Assert.False(ack.IsAccepted);
        Assert.False(ack.IsRejected);
        Assert.False(ack.IsDuplicate);
        Assert.Equal("4200001", ack.ControlId);
        Assert.Equal("MSA|AE: 207 Application internal error: Busy; nothing was stored.", ack.Describe());
    }

    [Fact]
    public void An_AR_for_a_message_that_could_not_be_read_is_refused_and_names_no_control_id()
    {
        var ack = Read(Hl7Acknowledgement.Reject(null, AckCode.AE, Hl7ErrorCodes.SegmentSequenceError, "Not an HL7 v2 message", "ACK1", Now));

        Assert.True(ack.IsRejected);
        Assert.Equal("AR", ack.Code);
        Assert.Equal("", ack.ControlId);
    }

    [Fact]
    public void A_duplicate_key_error_counts_as_delivered()
    {
        var ack = Read(Hl7Acknowledgement.Reject(Received, AckCode.AE, Hl7ErrorCodes.DuplicateKeyIdentifier, "Already taken.", "ACK1", Now));

        Assert.True(ack.ErrSaysDuplicate);
        Assert.True(ack.IsDuplicate);
    }

    [Fact]
    public void Delimiters_in_an_error_text_are_read_as_the_text_that_was_escaped()
    {
        var ack = Read(Hl7Acknowledgement.Reject(Received, AckCode.AE, Hl7ErrorCodes.RequiredFieldMissing, @"MSH-10 | OBX-3 ^ OBX-6 & ~ \ missing", "ACK1", Now));

        Assert.Equal(@"MSA|AE: 101 Required field missing: MSH-10 | OBX-3 ^ OBX-6 & ~ \ missing", ack.Describe());
    }

    [Theory]
    [InlineData("CA", true, false)]
    [InlineData("CE", false, false)]
    [InlineData("CR", false, true)]
    public void Enhanced_mode_codes_read_like_their_original_mode_ones(string code, bool accepted, bool rejected)
    {
        var ack = Read($"MSH|^~\\&|RECV|FAC|GW|WARD|20261127100005||ACK|A1|P|2.6\rMSA|{code}|4200001\r");

        Assert.Equal(accepted, ack.IsAccepted);
        Assert.Equal(rejected, ack.IsRejected);
    }

    [Fact]
    public void An_older_ERR_with_everything_in_ERR_1_is_read_as_it_stands()
    {
        var ack = Read("MSH|^~\\&|RECV|FAC|GW|WARD|20261127100005||ACK|A1|P|2.4\rMSA|AE|4200001|Store down\rERR|MSH^1^10^207&Application internal error\r");

        Assert.Equal("MSA|AE: Store down; MSH^1^10^207&Application internal error", ack.Describe());
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 400 Bad Request")]
    [InlineData("MSH|^~\\&|RECV|FAC|GW|WARD|20261127100005||ACK|A1|P|2.6\r")]
    public void Text_that_is_not_an_ACK_with_an_MSA_reads_as_none(string text)
    {
        Assert.Null(ReceivedAcknowledgement.Parse(text));
    }

    private static ReceivedAcknowledgement Read(string text) =>
        ReceivedAcknowledgement.Parse(text) ?? throw new Xunit.Sdk.XunitException($"Not read as an ACK: {text}");
}
