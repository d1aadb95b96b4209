using Monitoring.Configuration;

namespace Monitoring.Tests.Shared;

/// <summary>
/// The cluster's TLS certificates for one test system, made as <c>Monitoring.Silo cluster-certificates</c>
/// makes them (<see cref="LocalClusterCertificates"/>), in a temporary folder that <see cref="Dispose"/> removes.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private readonly ClusterTlsOptions _settings;

    public ClusterCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("cluster-tls-").FullName;
        _settings = LocalClusterCertificates.Ensure(Folder, TimeSpan.FromDays(7));
    }

    public string Folder { get; }

    public string AuthorityPath => _settings.AuthorityPath!;

    public string CertificatePath => _settings.CertificatePath!;

    public string KeyPath => _settings.KeyPath!;

    /// <summary>The settings that turn TLS in the cluster on, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Cluster__Tls__CertificatePath"] = CertificatePath,
        ["Cluster__Tls__KeyPath"] = KeyPath,
        ["Cluster__Tls__AuthorityPath"] = AuthorityPath,
    };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
