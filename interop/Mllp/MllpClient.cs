using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Monitoring.Hl7;

namespace Monitoring.Mllp;

/// <summary>
/// The sending side of MLLP, as a device or gateway speaks it: one connection to a listener, TCP or, with
/// <paramref name="tls"/>, TLS over it. <see cref="ConnectAsync"/> opens it and it stays open until
/// <see cref="Disconnect"/>; each message is framed and sent, and its answer read, before the next. After a
/// failure or a cancelled call, disconnect before going on. Not thread-safe: one conversation at a time.
/// </summary>
public sealed class MllpClient(EndPoint server, SslClientAuthenticationOptions? tls = null) : IAsyncDisposable
{
    /// <summary>An ACK is a few hundred bytes; an answer with no frame end within this many is not a sane one.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _outgoing = new(2048);
    private Stream? _stream;
    private PipeReader? _input;
    private MllpFrameReader? _answers;

    public bool IsConnected => _stream is not null;

    /// <summary>
    /// Connects, unless connected already; a host name is resolved on every connect. With TLS, the listener must
    /// pass the checks in the options it was given.
    /// </summary>
    /// <exception cref="SocketException">The listener could not be reached.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            return;
        }

        // Dual-mode, so an IPv4 literal, an IPv6 literal and a host name all work.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(server, cancellationToken);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = secure;
                await secure.AuthenticateAsClientAsync(tls, cancellationToken);
            }
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }

        _stream = stream;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _answers = new MllpFrameReader(_input, MaxAnswerBytes, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends <paramref name="message"/> in a frame, as UTF-8.</summary>
    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw NotConnected();
        _outgoing.ResetWrittenCount();
        MllpFrame.Write(message, _outgoing);
        await stream.WriteAsync(_outgoing.WrittenMemory, cancellationToken);
    }

    /// <summary>The next frame the listener sends, as UTF-8 text.</summary>
    /// <exception cref="IOException">The listener closed the connection, or sent no frame end within <see cref="MaxAnswerBytes"/>.</exception>
    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var answers = _answers ?? throw NotConnected();
        var (frame, stop) = await answers.ReadAsync(cancellationToken);
        return frame is not null
            ? Encoding.UTF8.GetString(frame)
            : throw new IOException(stop == MllpReadStop.TooLarge ? $"no MLLP frame end within {MaxAnswerBytes} bytes" : "the listener closed the connection");
    }

    /// <summary>The next frame read as an ACK; null when it is not an HL7 message with an MSA.</summary>
    /// <exception cref="IOException">As for <see cref="ReadAsync"/>.</exception>
    public async Task<ReceivedAcknowledgement?> ReadAcknowledgementAsync(CancellationToken cancellationToken) =>
        ReceivedAcknowledgement.Parse(await ReadAsync(cancellationToken));

    /// <summary>Drops the connection, as a device does when it loses power or network; the next connect opens a new one.</summary>
    public void Disconnect()
    {
        _input?.Complete();
        _stream?.Dispose();
        (_stream, _input, _answers) = (null, null, null);
    }

    public ValueTask DisposeAsync()
    {
        Disconnect();
        return ValueTask.CompletedTask;
    }

    private static InvalidOperationException NotConnected() => new("Not connected: call ConnectAsync first.");
}
