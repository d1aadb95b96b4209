using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.Mllp;

/// <summary>
/// What a connection must pass before its first frame is read: its source address must be on
/// <c>Mllp:AllowedSources</c>. A refusal is logged with the remote address and the reason, nothing else.
/// </summary>
public sealed partial class MllpConnectionSecurity
{
    private readonly MllpSourceAllowlist _allowlist;
    private readonly ILogger<MllpConnectionSecurity> _logger;

    public MllpConnectionSecurity(IOptions<MllpOptions> options, ILogger<MllpConnectionSecurity> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _allowlist = MllpSourceAllowlist.Parse(options.Value.AllowedSources);
    }

    /// <summary>Says once, at start, who may connect; warns when an exposed listener is open to anyone.</summary>
    public void LogSettings(IPAddress listening)
    {
        ArgumentNullException.ThrowIfNull(listening);
        LogSecurity(_allowlist.AdmitsAny ? "any" : string.Join(", ", _allowlist.Ranges));
        if (!IPAddress.IsLoopback(listening) && _allowlist.AdmitsAny)
        {
            LogExposed(listening.ToString());
        }
    }

    /// <summary>False (and logged) when the peer's address is not on the allowlist; the caller closes the connection.</summary>
    public bool AdmitsSource(TcpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var source = RemoteAddress(client);
        if (_allowlist.Admits(source))
        {
            return true;
        }

        LogSourceRefused(Describe(source));
        return false;
    }

    private static IPAddress? RemoteAddress(TcpClient client)
    {
        try
        {
            return (client.Client.RemoteEndPoint as IPEndPoint)?.Address;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static string Describe(IPAddress? address) =>
        address is null ? "an unknown address" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "MLLP allowed sources: {Sources}")]
    private partial void LogSecurity(string sources);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP listener on {Address} takes connections from any source; set Mllp:AllowedSources")]
    private partial void LogExposed(string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection from {RemoteAddress} refused: not in Mllp:AllowedSources")]
    private partial void LogSourceRefused(string remoteAddress);
}
