using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Monitoring.Silo.Hosting;

/// <summary>How the silo is reached by other silos and by clients.</summary>
public sealed class SiloEndpointOptions : IValidatableObject
{
    public const string Section = "Silo";

    /// <summary>The address other silos and clients use for this silo.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535, ErrorMessage = "Silo:SiloPort must be a TCP port (1-65535).")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port that clients (the api hosts) connect to.</summary>
    [Range(1, 65535, ErrorMessage = "Silo:GatewayPort must be a TCP port (1-65535).")]
    public int GatewayPort { get; set; } = 30000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult("Silo:AdvertisedAddress must be an IP address.", [nameof(AdvertisedAddress)]);
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult("Silo:SiloPort and Silo:GatewayPort must differ.", [nameof(GatewayPort)]);
        }
    }
}
