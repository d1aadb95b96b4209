using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Monitoring.Configuration;

/// <summary>
/// Mutual TLS inside the cluster (<see cref="ClusterTlsOptions"/>), the same for silos and clients: each side
/// requires the other's certificate, trusts only the cluster's authority (not the machine's roots), and
/// checks that a silo's certificate names <see cref="ClusterTlsOptions.ServerName"/>.
/// </summary>
public static class ClusterTls
{
    /// <summary>
    /// The settings, checked now: Orleans takes its TLS when it is configured, before validation at start.
    /// A bad one throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the key.
    /// </summary>
    public static ClusterTlsOptions SettingsNow(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<ClusterTlsOptions>(configuration.GetSection(ClusterTlsOptions.Section)) ?? new();
        var failures = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        return System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), failures, validateAllProperties: true)
            ? settings
            : throw new Microsoft.Extensions.Options.OptionsValidationException(ClusterTlsOptions.Section, typeof(ClusterTlsOptions), [.. failures.Select(f => f.ErrorMessage ?? "")]);
    }

    /// <summary>Silo to silo and client to gateway: only holders of the cluster's certificates get in.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsOptions settings) =>
        silo.UseTls(LoadCertificate(settings), o => Configure(o, settings));

    /// <summary>To the gateways, which take only clients with the cluster's certificates.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions settings) =>
        client.UseTls(LoadCertificate(settings), o => Configure(o, settings));

    /// <summary>This process's certificate with its key, ready for TLS.</summary>
    public static X509Certificate2 LoadCertificate(ClusterTlsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var pem = X509Certificate2.CreateFromPemFile(settings.CertificatePath!, settings.KeyPath);
        // A key from PEM is ephemeral; some TLS stacks want it as from a PKCS#12 store.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Sets <paramref name="tls"/> for this cluster.</summary>
    public static void Configure(TlsOptions tls, ClusterTlsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(settings);
        var authority = X509CertificateLoader.LoadCertificateFromFile(settings.AuthorityPath!);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, errors) => IsIssuedBy(certificate, errors, authority);
        tls.OnAuthenticateAsClient = (_, options) => options.TargetHost = settings.ServerName;
    }

    /// <summary>
    /// Whether the peer's certificate chains to the cluster's authority, and nothing else is wrong with it
    /// (a silo's name is checked by TLS itself against the target host).
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
