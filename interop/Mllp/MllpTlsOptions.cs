namespace Monitoring.Mllp;

/// <summary>TLS for the MLLP listener (<c>Mllp:Tls</c>): on when a server certificate is configured.</summary>
public sealed class MllpTlsOptions
{
    public const string Section = $"{MllpOptions.Section}:Tls";

    /// <summary>The server certificate: a PEM file (with its key, or the key in <see cref="KeyPath"/>) or a PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when it is not in the certificate's file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>When true, a client must present a certificate issued by <see cref="ClientCertificateAuthorityPath"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>A PEM file of the authorities whose client certificates are trusted (and no others).</summary>
    public string? ClientCertificateAuthorityPath { get; set; }

    /// <summary>When not empty, only client certificates with one of these SHA-1 or SHA-256 thumbprints (hex) are accepted.</summary>
    public IList<string> AllowedClientThumbprints { get; } = new List<string>();

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
