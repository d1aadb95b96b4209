using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

public sealed class Hl7EscapingTests
{
    private static readonly Hl7Delimiters Standard = Hl7Delimiters.Standard;

    [Theory]
    [InlineData(@"a\F\b", "a|b")]
    [InlineData(@"a\S\b", "a^b")]
    [InlineData(@"a\T\b", "a&b")]
    [InlineData(@"a\R\b", "a~b")]
    [InlineData(@"a\E\b", @"a\b")]
    [InlineData(@"\X414243\", "ABC")]
    [InlineData(@"\X0D0A\", "\r\n")]
    [InlineData(@"\XC3A9\", "é")]
    [InlineData(@"\XE9\", "é")]
    [InlineData(@"\x41\", @"\x41\")]
    [InlineData(@"\X4\", @"\X4\")]
    [InlineData(@"\XZZ\", @"\XZZ\")]
    [InlineData(@"\H\bold\N\", @"\H\bold\N\")]
    [InlineData(@"line\.br\next", @"line\.br\next")]
    [InlineData(@"\C2842\x", @"\C2842\x")]
    [InlineData(@"\\", @"\\")]
    [InlineData(@"open \F", @"open \F")]
    [InlineData(@"\F\\S\\T\\R\\E\", @"|^&~\")]
    [InlineData("plain", "plain")]
    public void Escape_sequences_are_decoded_and_unknown_ones_left_as_they_are(string text, string expected)
    {
        Assert.Equal(expected, Hl7Escaping.Decode(text, Standard));
    }

    [Fact]
    public void Escapes_follow_the_message_s_own_escape_character()
    {
        var delimiters = new Hl7Delimiters('#', '$', '*', '!', '%');

        Assert.Equal("a#b$c%d*e!f", Hl7Escaping.Decode("a!F!b!S!c!T!d!R!e!E!f", delimiters));
        Assert.Equal(@"\F\", Hl7Escaping.Decode(@"\F\", delimiters));
    }

    [Fact]
    public void Encoding_escapes_every_delimiter_and_control_character()
    {
        var encoded = Hl7Escaping.Encode("a|b^c&d~e\\f\rg\nh\u0001", Standard);

        Assert.Equal(@"a\F\b\S\c\T\d\R\e\E\f\X0D\g\X0A\h\X01\", encoded);
    }

    [Theory]
    [InlineData("Cuff | hose ^ kinked & ~ retried \\ twice\r\nthen OK é")]
    [InlineData(@"\F\ is not an escape here")]
    public void Encoding_then_decoding_gives_the_text_back(string text)
    {
        Assert.Equal(text, Hl7Escaping.Decode(Hl7Escaping.Encode(text, Standard), Standard));
    }
}
