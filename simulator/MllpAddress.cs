using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Monitoring.Simulator;

/// <summary>Where the MLLP listener is: <c>host:port</c>, with an IPv6 literal in brackets (<c>[::1]:2575</c>).</summary>
public sealed record MllpAddress(string Host, int Port)
{
    public static MllpAddress Default { get; } = new("127.0.0.1", 2575);

    /// <summary>An IP literal is used as is; a name is resolved on every (re)connect.</summary>
    public EndPoint EndPoint => IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host, Port);

    /// <summary>The address this machine's connections to the listener come from (what the listener sees, without NAT).</summary>
    public async Task<IPAddress> LocalAddressAsync(CancellationToken cancellationToken)
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await probe.ConnectAsync(EndPoint, cancellationToken);
        var local = ((IPEndPoint)probe.LocalEndPoint!).Address;
        return local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
    }

    public static bool TryParse(string value, [NotNullWhen(true)] out MllpAddress? address)
    {
        ArgumentNullException.ThrowIfNull(value);
        address = null;
        var colon = value.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out _))
            {
                return false;
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal)
            || Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            // A bare IPv6 literal is ambiguous with the port; it needs brackets.
            return false;
        }

        address = new MllpAddress(host, port);
        return true;
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
