using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

public sealed class MllpOptionsValidatorTests : IDisposable
{
    private readonly TestCertificates _pki = new();
    private readonly MllpOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new MllpOptions()).Succeeded);
    }

    [Fact]
    public void Times_without_a_zone_are_read_in_the_time_zone_else_at_the_assumed_offset_else_as_UTC()
    {
        var winter = new DateTime(2026, 1, 15, 10, 0, 0);
        var summer = new DateTime(2026, 7, 15, 10, 0, 0);
        string Offsets(MllpOptions options) =>
            string.Join(" ", new[] { winter, summer }.Select(t => options.TimesWithoutZone().TryGetOffset(t, out var offset) ? offset.ToString() : "none"));

        Assert.Equal("00:00:00 00:00:00", Offsets(new MllpOptions()));
        Assert.Equal("01:00:00 01:00:00", Offsets(new MllpOptions { AssumedOffset = TimeSpan.FromHours(1) }));
        Assert.Equal("00:00:00 01:00:00", Offsets(new MllpOptions { TimeZone = "Europe/London" }));
    }

    [Fact]
    public void A_bad_range_fails_naming_Mllp_AllowedSources()
    {
        var options = new MllpOptions();
        options.AllowedSources.Add("10.20.0.0/16");
        options.AllowedSources.Add("10.20.0.0/99");

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Mllp:AllowedSources:1 '10.20.0.0/99'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ADT_listeners_settings_are_checked_under_their_own_section_and_only_by_their_own_validator()
    {
        var adt = new MllpOptionsValidator("adt", "Adt:Mllp");
        var options = new MllpOptions { Port = 0, Address = "anywhere" };
        options.AllowedSources.Add("10.20.0.0/99");
        options.Tls.KeyPath = "/etc/key.pem";

        var result = adt.Validate("adt", options);

        Assert.True(result.Failed);
        Assert.Contains("Adt:Mllp:Port must be a TCP port", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Adt:Mllp:Address 'anywhere'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Adt:Mllp:AllowedSources:0 '10.20.0.0/99'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Adt:Mllp:Tls:KeyPath is set", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(" Mllp:", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(adt.Validate(null, options).Skipped);
        Assert.True(_validator.Validate("adt", options).Skipped);
    }

    [Fact]
    public void TLS_with_a_PEM_certificate_and_a_separate_key_and_required_client_certificates_is_valid()
    {
        var options = Tls(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        options.Tls.RequireClientCertificate = true;
        options.Tls.ClientCertificateAuthorityPath = _pki.AuthorityPath;
        options.Tls.AllowedClientThumbprints.Add(_pki.Client.Thumbprint);

        Assert.True(_validator.Validate(null, options).Succeeded, _validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public void A_server_certificate_loads_from_PEM_with_its_key_encrypted_PEM_and_PFX()
    {
        using var key = _pki.Server.GetECDsaPrivateKey()!;
        var combined = _pki.Write("combined.pem", _pki.Server.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n" + _pki.Authority.ExportCertificatePem());
        var encryptedKey = _pki.Write("encrypted.key", key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        var pfx = _pki.Write("server.pfx", _pki.Server.Export(X509ContentType.Pkcs12, "secret"));

        foreach (var (certificatePath, keyPath, password) in new[] { (combined, null, null), (_pki.ServerCertificatePath, encryptedKey, "secret"), (pfx, (string?)null, "secret") })
        {
            var options = Tls(certificatePath, keyPath);
            options.Tls.CertificatePassword = password;
            var (certificate, chain) = MllpTlsCertificates.LoadServerCertificate(options.Tls);
            using (certificate)
            {
                Assert.True(certificate.HasPrivateKey);
                Assert.Equal(_pki.Server.Thumbprint, certificate.Thumbprint);
                Assert.Equal(certificatePath == combined ? [_pki.Authority.Thumbprint] : Array.Empty<string>(), chain.Select(c => c.Thumbprint));
                MllpTlsCertificates.DisposeAll(chain);
            }
        }
    }

    [Fact]
    public void A_missing_certificate_file_fails_naming_the_setting()
    {
        var result = _validator.Validate(null, Tls(Path.Combine(_pki.Folder, "nothing.pem"), null));

        Assert.Contains("Mllp:Tls:CertificatePath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_key_fails()
    {
        var result = _validator.Validate(null, Tls(_pki.ServerCertificatePath, null));

        Assert.Contains("Mllp:Tls:CertificatePath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_certificates_required_without_an_authority_fail()
    {
        var options = Tls(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        options.Tls.RequireClientCertificate = true;

        Assert.Contains("Mllp:Tls:ClientCertificateAuthorityPath", _validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_without_requiring_client_certificates_fails_rather_than_being_ignored()
    {
        var options = Tls(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        options.Tls.ClientCertificateAuthorityPath = _pki.AuthorityPath;

        Assert.Contains("Mllp:Tls:RequireClientCertificate=true", _validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_file_without_certificates_and_a_bad_thumbprint_fail()
    {
        var options = Tls(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        options.Tls.RequireClientCertificate = true;
        options.Tls.ClientCertificateAuthorityPath = _pki.ServerKeyPath;
        options.Tls.AllowedClientThumbprints.Add("not-a-thumbprint");

        var message = _validator.Validate(null, options).FailureMessage;

        Assert.Contains("Mllp:Tls:ClientCertificateAuthorityPath", message, StringComparison.Ordinal);
        Assert.Contains("Mllp:Tls:AllowedClientThumbprints:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TLS_settings_without_a_certificate_fail_rather_than_leave_TLS_off_silently()
    {
        var options = new MllpOptions();
        options.Tls.RequireClientCertificate = true;

        var result = _validator.Validate(null, options);

        Assert.Contains("Mllp:Tls:RequireClientCertificate is set, but TLS is off", result.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();

    private static MllpOptions Tls(string certificatePath, string? keyPath) => new() { Tls = new() { CertificatePath = certificatePath, KeyPath = keyPath } };
}
