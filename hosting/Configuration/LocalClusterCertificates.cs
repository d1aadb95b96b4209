using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Configuration;

/// <summary>
/// Certificates for TLS inside the cluster on a machine or a compose project of its own: an authority and one
/// member certificate (server and client authentication, naming <see cref="ClusterTlsOptions.ServerName"/>'s
/// default) that every silo and api host presents, written as PEM (<c>authority.crt</c>, <c>member.crt</c>,
/// <c>member.key</c>). <c>Monitoring.Silo cluster-certificates &lt;folder&gt;</c> makes them; a hospital's own
/// authority issues them in production, one per process if it likes.
/// </summary>
public static class LocalClusterCertificates
{
    public const string AuthorityFile = "authority.crt";
    public const string CertificateFile = "member.crt";
    public const string KeyFile = "member.key";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>The settings that use the three files in <paramref name="folder"/> (made there by this class or by <c>deploy/lib/common.sh</c>).</summary>
    public static ClusterTlsOptions In(string folder) => new()
    {
        AuthorityPath = Path.Combine(folder, AuthorityFile),
        CertificatePath = Path.Combine(folder, CertificateFile),
        KeyPath = Path.Combine(folder, KeyFile),
    };

    /// <summary>Writes the three files into <paramref name="folder"/> unless they are there; returns the settings that use them.</summary>
    public static ClusterTlsOptions Ensure(string folder, TimeSpan? validFor = null)
    {
        Directory.CreateDirectory(folder);
        var settings = In(folder);
        if (File.Exists(settings.AuthorityPath) && File.Exists(settings.CertificatePath) && File.Exists(settings.KeyPath))
        {
            return settings;
        }

        var now = DateTimeOffset.UtcNow;
        var until = now + (validFor ?? TimeSpan.FromDays(825));
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Monitoring cluster authority (local)", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), until.AddDays(1));

        using var memberKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverName = settings.ServerName;
        var memberRequest = new CertificateRequest($"CN={serverName}", memberKey, HashAlgorithmName.SHA256);
        memberRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        memberRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        memberRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], false));
        memberRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(memberRequest.PublicKey, false));
        memberRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        memberRequest.CertificateExtensions.Add(names.Build());
        using var member = memberRequest.Create(authority, now.AddHours(-1), until, RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(settings.AuthorityPath!, authority.ExportCertificatePem());
        File.WriteAllText(settings.CertificatePath!, member.ExportCertificatePem());
        // Readable by its owner only from the moment it exists.
        var keyFile = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var key = new StreamWriter(settings.KeyPath!, System.Text.Encoding.ASCII, keyFile))
        {
            key.Write(memberKey.ExportPkcs8PrivateKeyPem());
        }

        return settings;
    }
}
