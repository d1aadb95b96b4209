using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Tests.Shared;

/// <summary>
/// A throw-away PKI for the MLLP TLS tests, made with <see cref="CertificateRequest"/>: a test authority, a
/// server certificate for 127.0.0.1/localhost, a client certificate it issued and a self-signed stranger,
/// written as PEM files to a temporary folder that <see cref="Dispose"/> removes.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("mllp-tls-").FullName;
        var now = DateTimeOffset.UtcNow;
        Authority = CreateAuthority("CN=Monitoring Test Authority", now.AddDays(-1), now.AddDays(30));
        Server = Issue(Authority, "CN=localhost", ServerAuthentication, now.AddHours(-1), now.AddDays(7), server: true);
        Client = Issue(Authority, "CN=Test Gateway", ClientAuthentication, now.AddHours(-1), now.AddDays(7));
        OtherClient = Issue(Authority, "CN=Other Gateway", ClientAuthentication, now.AddHours(-1), now.AddDays(7));
        Stranger = SelfSigned("CN=Test Gateway", ClientAuthentication, now.AddHours(-1), now.AddDays(7));
        AuthorityPath = Write("authority.pem", Authority.ExportCertificatePem());
        ServerCertificatePath = Write("server.pem", Server.ExportCertificatePem());
        using var serverKey = Server.GetECDsaPrivateKey()!;
        ServerKeyPath = Write("server.key", serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    /// <summary>Issued by <see cref="Authority"/> for client authentication.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>Issued by <see cref="Authority"/> for client authentication, to a second gateway.</summary>
    public X509Certificate2 OtherClient { get; }

    /// <summary>Self-signed, with the same subject as <see cref="Client"/>: trusted by nobody.</summary>
    public X509Certificate2 Stranger { get; }

    public string AuthorityPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    /// <summary>A file in the folder.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static X509Certificate2 CreateAuthority(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>A leaf certificate with its key, issued by <paramref name="issuer"/>, for the given extended key usage.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, bool server = false)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subject, key, usage, server);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var certificate = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return certificate.CopyWithPrivateKey(key);
    }

    public static X509Certificate2 SelfSigned(string subject, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return LeafRequest(subject, key, usage, server: false).CreateSelfSigned(notBefore, notAfter);
    }

    public void Dispose()
    {
        foreach (var certificate in new[] { Authority, Server, Client, OtherClient, Stranger })
        {
            certificate.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }

    private static CertificateRequest LeafRequest(string subject, ECDsa key, string usage, bool server)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        return request;
    }
}
