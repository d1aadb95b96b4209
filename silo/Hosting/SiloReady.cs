using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Monitoring.Silo.Hosting;

/// <summary>The one line that says the silo is up, which start scripts and tests wait for.</summary>
public static partial class SiloReady
{
    public const string Message = "Silo ready";

    public static Action Announce(IServiceProvider services) => () =>
    {
        var endpoints = services.GetRequiredService<IOptions<SiloEndpointOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Silo");
        LogReady(logger, endpoints.SiloPort, endpoints.GatewayPort);
    };

    [LoggerMessage(Level = LogLevel.Information, Message = Message + " (silo port {SiloPort}, gateway port {GatewayPort})")]
    private static partial void LogReady(ILogger logger, int siloPort, int gatewayPort);
}
