using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

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

        // Silo:AdvertisedAddress is not applied: the pod's IP is the address. Kubernetes hosting would set
        // it only where still unset, after Orleans' own default has picked one of the host's addresses,
        // so it is set here; the listening endpoints (any address) are left to Kubernetes hosting.
        var podIp = Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable);
        silo.Configure<EndpointOptions>(o =>
        {
            (o.SiloPort, o.GatewayPort) = (endpoints.SiloPort, endpoints.GatewayPort);
            if (IPAddress.TryParse(podIp, out var address))
            {
                o.AdvertisedIPAddress = address;
            }
        });
        return silo.UseKubernetesHosting();
    }
}
