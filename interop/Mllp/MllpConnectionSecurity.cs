using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Monitoring.Mllp;

/// <summary>
/// What a connection must pass before its first frame is read: its source address must be on
/// <c>Mllp:AllowedSources</c>, and, when TLS is configured, the handshake (TLS 1.2 or 1.3, with the client
/// certificate check when one is required) must succeed within <c>Mllp:ReadTimeout</c>. A refusal is
/// logged with the remote address and the reason, nothing else. One per listener: the ADT listener's
/// settings are under <c>Adt:Mllp</c>.
/// </summary>
public sealed partial class MllpConnectionSecurity : IDisposable
{
    private readonly MllpSourceAllowlist _allowlist;
    private readonly TimeSpan _handshakeTimeout;
    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2Collection _others = [];
    private readonly SslStreamCertificateContext? _serverCertificate;
    private readonly MllpClientCertificateCheck? _clientCheck;
    private readonly ILogger<MllpConnectionSecurity> _logger;
    private readonly string _section;

    /// <summary>The device listener's, from section <c>Mllp</c>.</summary>
    public MllpConnectionSecurity(IOptions<MllpOptions> options, ILogger<MllpConnectionSecurity> logger)
        : this(MllpOptions.Section, options?.Value ?? throw new ArgumentNullException(nameof(options)), logger)
    {
    }

    /// <summary>A listener's, from the settings of <paramref name="section"/> (named in its log lines).</summary>
    public MllpConnectionSecurity(string section, MllpOptions settings, ILogger<MllpConnectionSecurity> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _logger = logger;
        _section = section;
        _allowlist = MllpSourceAllowlist.Parse(settings.AllowedSources, section);
        _handshakeTimeout = settings.ReadTimeout;
        var tls = settings.Tls;
        if (!tls.Enabled)
        {
            return;
        }

        (_certificate, var chain) = MllpTlsCertificates.LoadServerCertificate(tls);
        _others.AddRange(chain);
        // Offline: the server's own chain is what the file holds, never fetched.
        _serverCertificate = SslStreamCertificateContext.Create(_certificate, chain, offline: true);
        if (tls.RequireClientCertificate)
        {
            var authorities = MllpTlsCertificates.LoadAuthorities(tls.ClientCertificateAuthorityPath!);
            _others.AddRange(authorities);
            _clientCheck = new MllpClientCertificateCheck(authorities, tls.AllowedClientThumbprints);
        }
    }

    /// <summary>Says once, at start, how connections are secured; warns when an exposed listener is open to anyone in clear text.</summary>
    public void LogSettings(IPAddress listening)
    {
        ArgumentNullException.ThrowIfNull(listening);
        var tls = _serverCertificate is null ? "off" : _clientCheck is null ? "on" : "on, client certificates required";
        LogSecurity(_section, tls, _allowlist.AdmitsAny ? "any" : string.Join(", ", _allowlist.Ranges));
        if (!IPAddress.IsLoopback(listening) && _allowlist.AdmitsAny && _serverCertificate is null)
        {
            LogExposed(_section, listening.ToString());
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

        LogSourceRefused(_section, Describe(source));
        return false;
    }

    /// <summary>The stream that carries the frames: the connection's own, or TLS over it once the handshake passed; null when refused.</summary>
    public async Task<Stream?> OpenAsync(TcpClient client, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var network = client.GetStream();
        if (_serverCertificate is null)
        {
            return network;
        }

        string? refusal = null;
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        var authenticated = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(_handshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(ServerOptions(reason => refusal = reason), deadline.Token);
            authenticated = true;
            return tls;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                var reason = refusal ?? (exception is OperationCanceledException ? $"no handshake within {_section}:ReadTimeout" : exception.GetBaseException().Message);
                LogHandshakeFailed(_section, Describe(RemoteAddress(client)), reason);
            }

            return null;
        }
        finally
        {
            if (!authenticated)
            {
                await tls.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        _certificate?.Dispose();
        MllpTlsCertificates.DisposeAll(_others);
    }

    private SslServerAuthenticationOptions ServerOptions(Action<string> refused) => new()
    {
        ServerCertificateContext = _serverCertificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = _clientCheck is not null,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // SslStream builds the client's chain itself before the callback: with this policy it too stays offline.
        CertificateChainPolicy = _clientCheck?.CreatePolicy(),
        RemoteCertificateValidationCallback = _clientCheck is not { } check ? null : (_, certificate, chain, _) =>
        {
            var refusal = check.Refusal(certificate, chain?.ChainPolicy.ExtraStore);
            if (refusal is not null)
            {
                refused(refusal);
            }

            return refusal is null;
        },
    };

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

    [LoggerMessage(Level = LogLevel.Information, Message = "MLLP TLS: {Tls}; allowed sources: {Sources} ({Section})")]
    private partial void LogSecurity(string section, string tls, string sources);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP listener on {Address} takes clear-text connections from any source; set {Section}:AllowedSources or Tls")]
    private partial void LogExposed(string section, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP connection from {RemoteAddress} refused: not in {Section}:AllowedSources")]
    private partial void LogSourceRefused(string section, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MLLP TLS handshake with {RemoteAddress} failed: {Reason} ({Section})")]
    private partial void LogHandshakeFailed(string section, string remoteAddress, string reason);
}
