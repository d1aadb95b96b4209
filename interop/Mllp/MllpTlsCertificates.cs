using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mllp;

/// <summary>Reads the MLLP listener's certificates from the files named in <see cref="MllpTlsOptions"/>.</summary>
public static class MllpTlsCertificates
{
    /// <summary>
    /// The server certificate with its private key, and the other certificates in its file (intermediates,
    /// sent to clients with it). A file that starts with a DER sequence is read as PFX/PKCS#12, any other as PEM.
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadServerCertificate(MllpTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath ?? throw new InvalidOperationException($"{MllpTlsOptions.Section}:{nameof(MllpTlsOptions.CertificatePath)} is not set.");
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : options.KeyPath;
        if (!IsPkcs12(path))
        {
            return LoadPem(path, keyPath, password);
        }

        return keyPath is null ? LoadPkcs12(path, password) : throw new InvalidDataException("it is a PFX file, which carries its own key; the key path is for PEM certificates");
    }

    /// <summary>Every certificate in a PEM file; throws when there is none.</summary>
    public static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities.Count > 0 ? authorities : throw new InvalidDataException("it holds no PEM certificate");
    }

    private static (X509Certificate2, X509Certificate2Collection) LoadPkcs12(string path, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        var certificate = all.FirstOrDefault(c => c.HasPrivateKey);
        if (certificate is null)
        {
            DisposeAll(all);
            throw new InvalidDataException("it holds no certificate with a private key");
        }

        all.Remove(certificate);
        return (certificate, all);
    }

    private static (X509Certificate2, X509Certificate2Collection) LoadPem(string path, string? keyPath, string? password)
    {
        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(path);
        foreach (var same in chain.Where(c => c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)).ToList())
        {
            chain.Remove(same);
            same.Dispose();
        }

        return (certificate, chain);
    }

    private static bool IsPkcs12(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x30;
    }

    public static void DisposeAll(X509Certificate2Collection certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
