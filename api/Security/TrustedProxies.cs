using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Monitoring.Api.Security;

/// <summary>
/// The reverse proxies (load balancers, ingress controllers) in front of the api whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: from them, the client's address in
/// the audit trail and in the anonymous rate limit is the one the proxy saw. From anyone else the headers
/// are ignored (anyone can write them), and the address is the connection's. None by default.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "Proxies";

    /// <summary>Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/8</c>) of the proxies.</summary>
    public string[] Trusted { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Trusted)
        {
            if (!IPAddress.TryParse(entry, out _) && !System.Net.IPNetwork.TryParse(entry, out _))
            {
                yield return new ValidationResult(
                    $"Proxies:Trusted entry '{entry}' is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8).", [nameof(Trusted)]);
            }
        }
    }
}

public static class TrustedProxySetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<TrustedProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; here nothing is trusted unless configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in proxies.Value.Trusted)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }
}
