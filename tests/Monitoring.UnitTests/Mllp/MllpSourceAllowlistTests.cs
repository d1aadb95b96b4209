using System.Net;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

public sealed class MllpSourceAllowlistTests
{
    [Theory]
    [InlineData("10.20.0.0/16", "10.20.0.1", true)]
    [InlineData("10.20.0.0/16", "10.20.255.254", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("10.20.0.0/16", "10.19.255.255", false)]
    [InlineData("127.0.0.1/32", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32", "127.0.0.2", false)]
    [InlineData("192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1/128", "::2", false)]
    [InlineData("10.20.0.0/16", "::ffff:10.20.3.4", true)]
    [InlineData("10.20.0.0/16", "::ffff:10.21.3.4", false)]
    [InlineData("::ffff:10.20.0.0/112", "10.20.3.4", true)]
    [InlineData("::ffff:10.20.0.0/112", "10.21.3.4", false)]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1", "::1", false)]
    public void A_source_is_admitted_when_a_range_holds_it(string range, string source, bool admitted)
    {
        var allowlist = MllpSourceAllowlist.Parse([range]);

        Assert.Equal(admitted, allowlist.Admits(IPAddress.Parse(source)));
    }

    [Fact]
    public void Any_range_of_several_admits()
    {
        var allowlist = MllpSourceAllowlist.Parse(["10.99.0.0/16", " 127.0.0.1/32 ", "fd00::/8"]);

        Assert.True(allowlist.Admits(IPAddress.Loopback));
        Assert.True(allowlist.Admits(IPAddress.Parse("fd00::7")));
        Assert.False(allowlist.Admits(IPAddress.Parse("10.98.0.1")));
        Assert.False(allowlist.Admits(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void An_empty_list_admits_any_source_and_a_list_refuses_an_unknown_one()
    {
        Assert.True(MllpSourceAllowlist.Parse([]).AdmitsAny);
        Assert.True(MllpSourceAllowlist.Any.Admits(IPAddress.Parse("203.0.113.9")));
        Assert.True(MllpSourceAllowlist.Any.Admits(null));
        Assert.False(MllpSourceAllowlist.Parse(["0.0.0.0/0"]).Admits(null));
    }

    [Theory]
    [InlineData("::ffff:10.20.0.0/112", "10.20.0.0/16")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1/32")]
    [InlineData("::ffff:0.0.0.0/96", "0.0.0.0/0")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("192.0.2.7", "192.0.2.7/32")]
    public void Mapped_ranges_become_IPv4_ranges(string entry, string expected)
    {
        Assert.True(MllpSourceAllowlist.TryParseRange(entry, out var range, out _));
        Assert.Equal(IPNetwork.Parse(expected), range);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/x")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10/8")]
    [InlineData("127.1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.4:80")]
    [InlineData("256.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.20.0.1/16")]
    [InlineData("fd00::1/8")]
    public void Malformed_entries_are_refused(string entry)
    {
        Assert.False(MllpSourceAllowlist.TryParseRange(entry, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_range_with_host_bits_is_refused_naming_the_range_meant()
    {
        Assert.False(MllpSourceAllowlist.TryParseRange("10.20.0.1/16", out _, out var error));

        Assert.Contains("10.20.0.0/16", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_a_list_names_the_setting_and_the_bad_entry()
    {
        var exception = Assert.Throws<FormatException>(() => MllpSourceAllowlist.Parse(["127.0.0.1/32", "10.0.0.0/33"]));

        Assert.StartsWith("Mllp:AllowedSources:1 '10.0.0.0/33'", exception.Message, StringComparison.Ordinal);
    }
}
