using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mllp;

/// <summary>
/// Who is at the other end of an MLLP connection: its TLS client certificate when it presented one, else its
/// source address. <see cref="Identity"/> is what a gateway is registered under.
/// </summary>
public sealed record MllpPeer(IPAddress Address, string? CertificateSha256)
{
    /// <summary>A peer without a client certificate.</summary>
    public static MllpPeer At(IPAddress address) => new(address, null);

    /// <summary>The peer of a connection; its certificate is read from <paramref name="stream"/> when it is TLS.</summary>
    public static MllpPeer Of(IPAddress address, Stream stream) =>
        new(address, (stream as System.Net.Security.SslStream)?.RemoteCertificate is { } certificate ? Sha256Of(certificate) : null);

    /// <summary><c>certificate:&lt;SHA-256&gt;</c> or <c>address:&lt;IP&gt;</c>.</summary>
    public string Identity => CertificateSha256 is { } sha256 ? CertificateIdentity(sha256) : AddressIdentity(Address);

    public static string CertificateIdentity(string sha256) => $"certificate:{sha256.ToUpperInvariant()}";

    /// <summary>An IPv4 address seen through an IPv6 socket is the IPv4 address.</summary>
    public static string AddressIdentity(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return $"address:{(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)}";
    }

    public static string Sha256Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
