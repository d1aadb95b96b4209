using System.Net.Sockets;
using System.Text;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>A gateway's side of MLLP: sends framed HL7 messages over one TCP connection and reads each ACK.</summary>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private MllpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<MllpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new MllpClient(tcp);
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
