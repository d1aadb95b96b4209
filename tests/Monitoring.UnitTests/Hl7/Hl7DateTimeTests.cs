using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

public sealed class Hl7DateTimeTests
{
    private static readonly TimeSpan Assumed = TimeSpan.FromHours(2);

    public static TheoryData<string, DateTimeOffset> Valid => new()
    {
        { "20090715070707+0000", new(2009, 7, 15, 7, 7, 7, TimeSpan.Zero) },
        { "20090813095715+0500", new(2009, 8, 13, 9, 57, 15, TimeSpan.FromHours(5)) },
        { "20090813095715-0330", new(2009, 8, 13, 9, 57, 15, new TimeSpan(-3, -30, 0)) },
        { "20081211144500", new(2008, 12, 11, 14, 45, 0, Assumed) },
        { "200812111445", new(2008, 12, 11, 14, 45, 0, Assumed) },
        { "2008121114", new(2008, 12, 11, 14, 0, 0, Assumed) },
        { "20081211", new(2008, 12, 11, 0, 0, 0, Assumed) },
        { "20081211+0100", new(2008, 12, 11, 0, 0, 0, TimeSpan.FromHours(1)) },
        { "20081211144500.5", new DateTimeOffset(2008, 12, 11, 14, 45, 0, Assumed).AddMilliseconds(500) },
        { "20081211144500.1234+0000", new DateTimeOffset(2008, 12, 11, 14, 45, 0, TimeSpan.Zero).AddTicks(1_234_000) },
        { "20240229235959+1400", new(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(14)) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void DTM_times_are_read_with_their_zone_or_the_assumed_offset(string text, DateTimeOffset expected)
    {
        Assert.True(Hl7DateTime.TryParse(text, Assumed, out var at));
        Assert.Equal(expected, at);
        Assert.Equal(expected.Offset, at.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2009")]
    [InlineData("200907")]
    [InlineData("200907151")]
    [InlineData("20090715070")]
    [InlineData("2009071507070")]
    [InlineData("200907150707070")]
    [InlineData("20090230")]
    [InlineData("20091315")]
    [InlineData("20090715240000")]
    [InlineData("20090715076000")]
    [InlineData("20090715070760")]
    [InlineData("20090715070707.")]
    [InlineData("20090715070707.12345")]
    [InlineData("200907150707.5")]
    [InlineData("20090715070707+000")]
    [InlineData("20090715070707+00000")]
    [InlineData("20090715070707+1500")]
    [InlineData("20090715070707+0060")]
    [InlineData("20090715070707Z")]
    [InlineData("2009-07-15T07:07:07Z")]
    [InlineData(" 20090715070707")]
    [InlineData("18991231")]
    [InlineData("99991231")]
    [InlineData("+0100")]
    [InlineData("2009071507070７")]
    public void Malformed_or_impossible_times_are_refused(string text)
    {
        Assert.False(Hl7DateTime.TryParse(text, Assumed, out _));
    }
}
