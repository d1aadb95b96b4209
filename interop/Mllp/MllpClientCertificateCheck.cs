using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mllp;

/// <summary>
/// Decides whether a client certificate is accepted: it must chain to one of the configured authorities
/// (the machine's trusted roots play no part), be within its validity period, allow client authentication
/// when it names its uses, and, when thumbprints are listed, be one of them.
/// </summary>
public sealed class MllpClientCertificateCheck
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");
    private readonly X509Certificate2Collection _authorities;
    private readonly HashSet<string> _thumbprints;

    public MllpClientCertificateCheck(X509Certificate2Collection authorities, IEnumerable<string> allowedThumbprints)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        ArgumentNullException.ThrowIfNull(allowedThumbprints);
        _authorities = authorities;
        _thumbprints = allowedThumbprints
            .Select(t => TryNormaliseThumbprint(t, out var hex) ? hex : throw new FormatException($"'{t}' is not a SHA-1 or SHA-256 thumbprint"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The chain policy for client certificates: only the configured authorities are trusted (CustomRootTrust).
    /// Revocation is not checked and nothing is downloaded: the listener never goes online for a handshake
    /// (no CRL, OCSP or AIA fetches, whose URLs a client's certificate would choose); a compromised client
    /// certificate is withdrawn by re-issuing the authority or listing the good thumbprints.
    /// </summary>
    public X509ChainPolicy CreatePolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(_authorities);
        policy.ApplicationPolicy.Add(ClientAuthentication);
        return policy;
    }

    /// <summary>Why the certificate is refused, or null when it is accepted. <paramref name="presented"/> holds the intermediates the client sent.</summary>
    public string? Refusal(X509Certificate? certificate, X509Certificate2Collection? presented = null)
    {
        if (certificate is null)
        {
            return "no client certificate";
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain { ChainPolicy = CreatePolicy() };
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented);
        }

        var sha1 = copy.GetCertHashString(HashAlgorithmName.SHA1);
        if (!chain.Build(copy))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            return $"client certificate {sha1} not accepted ({status})";
        }

        return _thumbprints.Count == 0 || _thumbprints.Contains(sha1) || _thumbprints.Contains(copy.GetCertHashString(HashAlgorithmName.SHA256))
            ? null
            : $"client certificate {sha1} is not in {MllpTlsOptions.Section}:{nameof(MllpTlsOptions.AllowedClientThumbprints)}";
    }

    /// <summary>A thumbprint as upper-case hex without separators (colons and spaces are allowed in the setting).</summary>
    public static bool TryNormaliseThumbprint(string? text, out string hex)
    {
        hex = new string((text ?? "").Where(c => c is not (':' or ' ')).ToArray()).ToUpperInvariant();
        return hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit);
    }
}
