using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Monitoring.Silo.Hosting;

/// <summary>
/// Where the silo listens and what it advertises. With <c>Kubernetes:Enabled</c> true, Orleans' Kubernetes
/// hosting takes over: the pod's name and IP (POD_NAME, POD_IP, POD_NAMESPACE) name the silo and its
/// address, and silos whose pods are gone are declared dead at once instead of after missed probes.
/// </summary>
public static class KubernetesHosting
{
    public const string EnabledSetting = "Kubernetes:Enabled";

    public static ISiloBuilder UseSiloEndpoints(this ISiloBuilder silo, IConfiguration configuration, SiloEndpointOptions endpoints)
    {
        if (!configuration.GetValue<bool>(EnabledSetting))
        {
            return silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedAddress), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }

        // Ports only: Kubernetes hosting fills in the advertised address (the pod IP) and the listening
        // endpoints, but only where they are still unset, so Silo:AdvertisedAddress must not be applied.
        silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (endpoints.SiloPort, endpoints.GatewayPort));
        return silo.UseKubernetesHosting();
    }
}
