using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Monitoring.Api.Push;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>This host's watchdog name (<c>Watchdog:HostName</c> or a default) and its own hub's address, once it listens.</summary>
public static class WatchdogAddress
{
    /// <summary>The name, and the hub on loopback at the port this host listens on (http preferred).</summary>
    public static (string Host, Uri HubUrl) Of(IServer server, string? configuredName)
    {
        ArgumentNullException.ThrowIfNull(server);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The watchdog found no address this host listens on (ASPNETCORE_URLS).");
        var listening = new Uri(address.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal));
        var hubUrl = new UriBuilder(listening) { Path = MonitoringHub.Path }.Uri;
        return (configuredName ?? DefaultHostName(listening.Port), hubUrl);
    }

    /// <summary>The machine's name (as an identifier) and the port: unique per api host, and stable across restarts.</summary>
    public static string DefaultHostName(int port)
    {
        var suffix = "-" + port.ToString(CultureInfo.InvariantCulture);
        var machine = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).TrimStart('.', '_', '-');
        var name = machine.Length == 0 ? "api" : machine;
        return name[..Math.Min(name.Length, SyntheticBeds.MaxHostLength - suffix.Length)] + suffix;
    }
}
