using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

public sealed class MllpClientCertificateCheckTests : IDisposable
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private readonly TestCertificates _pki = new();

    [Fact]
    public void A_certificate_issued_by_the_authority_is_accepted()
    {
        Assert.Null(Check().Refusal(_pki.Client));
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        Assert.Equal("no client certificate", Check().Refusal(null));
    }

    [Fact]
    public void A_self_signed_certificate_is_refused()
    {
        var refusal = Check().Refusal(_pki.Stranger);

        Assert.NotNull(refusal);
        Assert.Contains(_pki.Stranger.Thumbprint, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_of_another_authority_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var other = TestCertificates.CreateAuthority("CN=Other Authority", now.AddDays(-1), now.AddDays(30));
        using var client = TestCertificates.Issue(other, "CN=Test Gateway", ClientAuthentication, now.AddHours(-1), now.AddDays(1));

        Assert.NotNull(Check().Refusal(client));
        Assert.Null(new MllpClientCertificateCheck([other], []).Refusal(client));
    }

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = TestCertificates.Issue(_pki.Authority, "CN=Old Gateway", ClientAuthentication, now.AddDays(-1), now.AddHours(-1));

        Assert.Contains("NotTimeValid", Check().Refusal(expired), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_only_for_servers_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var serverOnly = TestCertificates.Issue(_pki.Authority, "CN=Some Server", ServerAuthentication, now.AddHours(-1), now.AddDays(1));

        Assert.Contains("NotValidForUsage", Check().Refusal(serverOnly), StringComparison.Ordinal);
    }

    [Fact]
    public void With_thumbprints_listed_only_those_are_accepted_by_SHA1_or_SHA256()
    {
        var now = DateTimeOffset.UtcNow;
        using var second = TestCertificates.Issue(_pki.Authority, "CN=Second Gateway", ClientAuthentication, now.AddHours(-1), now.AddDays(1));
        var sha256 = string.Join(':', Convert.ToHexString(_pki.Client.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c))).ToLowerInvariant();

        Assert.Null(Check(_pki.Client.Thumbprint).Refusal(_pki.Client));
        Assert.Null(Check(sha256).Refusal(_pki.Client));
        Assert.Contains("AllowedClientThumbprints", Check(_pki.Client.Thumbprint).Refusal(second), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("abc", false)]
    [InlineData("0123456789abcdef0123456789abcdef0123456g", false)]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    public void Thumbprints_are_hex_SHA1_or_SHA256(string text, bool valid)
    {
        Assert.Equal(valid, MllpClientCertificateCheck.TryNormaliseThumbprint(text, out var hex));
        if (valid)
        {
            Assert.Equal(hex.ToUpperInvariant(), hex);
            Assert.DoesNotContain(':', hex);
        }
    }

    [Fact]
    public void The_chain_policy_trusts_only_the_authority_and_never_goes_online()
    {
        var policy = Check().CreatePolicy();

        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.Equal(X509RevocationMode.NoCheck, policy.RevocationMode);
        Assert.True(policy.DisableCertificateDownloads);
        Assert.Equal(_pki.Authority.Thumbprint, Assert.Single(policy.CustomTrustStore).Thumbprint);
    }

    public void Dispose() => _pki.Dispose();

    private MllpClientCertificateCheck Check(params string[] thumbprints) => new([_pki.Authority], thumbprints);
}
