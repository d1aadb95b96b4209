using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>A gateway's side of MLLP: sends framed HL7 messages over one TCP connection (or TLS over it) and reads each ACK.</summary>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private MllpClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public static async Task<MllpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new MllpClient(tcp, tcp.GetStream());
    }

    /// <summary>
    /// Connects with TLS to "localhost", trusting only <paramref name="authority"/> for the server, and
    /// presenting <paramref name="certificate"/> when the server asks for one. Throws when the handshake fails.
    /// </summary>
    public static async Task<MllpClient> ConnectTlsAsync(int port, X509Certificate2 authority, X509Certificate2? certificate, TimeSpan deadline)
    {
        var tcp = new TcpClient();
        var tls = (SslStream?)null;
        try
        {
            await tcp.ConnectAsync("127.0.0.1", port);
            tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
            trust.CustomTrustStore.Add(authority);
            using var timeout = new CancellationTokenSource(deadline);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                CertificateChainPolicy = trust,
                // Sent whatever authorities the server names, so that the server's own check is what refuses it.
                ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, null, offline: true),
            }, timeout.Token);
            return new MllpClient(tcp, tls);
        }
        catch
        {
            tls?.Dispose();
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>HL7 separates segments with CR; files often use LF.</summary>
    public static string WithCarriageReturns(string message) => message.Replace("\r\n", "\r", StringComparison.Ordinal).Replace('\n', '\r').TrimEnd('\r') + "\r";

    public async Task<string> SendAsync(string message, TimeSpan? deadline = null)
    {
        await SendRawAsync([0x0B, .. Encoding.UTF8.GetBytes(message), 0x1C, 0x0D]);
        return await ReadAckAsync(deadline ?? TimeSpan.FromSeconds(10));
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next ACK's text, or null when the server closed the connection.</summary>
    public async Task<string?> ReadAckOrCloseAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(one, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            if (one[0] == 0x0B)
            {
                buffer.Clear();
            }
            else if (one[0] == 0x1C)
            {
                await _stream.ReadExactlyAsync(one, timeout.Token);
                return Encoding.UTF8.GetString([.. buffer]);
            }
            else
            {
                buffer.Add(one[0]);
            }
        }
    }

    public async Task<string> ReadAckAsync(TimeSpan deadline) =>
        await ReadAckOrCloseAsync(deadline) ?? throw new IOException("The server closed the connection instead of answering.");

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
