using System.ComponentModel.DataAnnotations;

namespace Monitoring.Configuration;

/// <summary>
/// TLS inside the cluster: between silos, and between the api hosts (Orleans clients) and the silos'
/// gateways. Every process presents a certificate issued by <see cref="AuthorityPath"/> and takes only
/// peers with one; a process without such a certificate cannot join or call a grain. Off when no
/// certificate is given (a single developer machine); <c>deploy/start.sh</c>, <c>deploy/cluster.sh</c>,
/// compose and Kubernetes turn it on.
/// </summary>
public sealed class ClusterTlsOptions : IValidatableObject
{
    public const string Section = "Cluster:Tls";

    /// <summary>This process's certificate (PEM). A silo's names <see cref="ServerName"/> and is for server and client authentication; an api host's for client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The authority (PEM) that issued every silo's and api host's certificate: the only one trusted here.</summary>
    public string? AuthorityPath { get; set; }

    /// <summary>The DNS name every silo's certificate carries, checked when connecting to a silo.</summary>
    [Required(ErrorMessage = "Cluster:Tls:ServerName is required.")]
    public string ServerName { get; set; } = "monitoring-silo";

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath) || !string.IsNullOrWhiteSpace(AuthorityPath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        foreach (var (name, path) in new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(AuthorityPath), AuthorityPath) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                yield return new ValidationResult($"Cluster:Tls:{name} is required with the other Cluster:Tls paths: TLS in the cluster needs this process's certificate, its key and the authority.", [name]);
            }
            else if (!File.Exists(path))
            {
                yield return new ValidationResult($"Cluster:Tls:{name} '{path}' does not exist or cannot be read.", [name]);
            }
        }
    }
}
