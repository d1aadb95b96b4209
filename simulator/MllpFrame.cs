using System.Net.Sockets;
using System.Text;

namespace Monitoring.Simulator;

/// <summary>
/// MLLP (HL7 minimal lower layer protocol) framing: <c>0x0B message 0x1C 0x0D</c>. Writes frames, and reads
/// them off one connection, keeping any bytes that arrive after a frame for the next read. Both buffers are reused.
/// One instance per device connection; not thread-safe.
/// </summary>
public sealed class MllpFrame
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>An ACK is a few hundred bytes; anything past this is not a sane answer.</summary>
    public const int MaxFrameBytes = 64 * 1024;

    private byte[] _outgoing = new byte[2048];
    private byte[] _buffer = new byte[1024];
    private int _start;
    private int _end;

    /// <summary>Frames <paramref name="message"/> into a buffer this instance reuses (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = Encoding.UTF8.GetByteCount(message) + 3;
        if (_outgoing.Length < length)
        {
            _outgoing = new byte[Math.Max(length, _outgoing.Length * 2)];
        }

        _outgoing[0] = StartBlock;
        Encoding.UTF8.GetBytes(message, _outgoing.AsSpan(1));
        _outgoing[length - 2] = EndBlock;
        _outgoing[length - 1] = CarriageReturn;
        return _outgoing.AsMemory(0, length);
    }

    /// <summary>Forgets any partial frame, for a fresh connection.</summary>
    public void Reset() => (_start, _end) = (0, 0);

    /// <summary>Reads the next whole frame and returns its content (without the framing bytes).</summary>
    /// <exception cref="IOException">The peer closed the connection or sent something that is not MLLP.</exception>
    public async Task<string> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        while (true)
        {
            if (TryTake(out var message))
            {
                return message;
            }

            MakeRoom();
            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException(_end > _start ? "the listener closed the connection mid-frame" : "the listener closed the connection");
            }

            _end += read;
        }
    }

    private bool TryTake(out string message)
    {
        message = "";
        var pending = _buffer.AsSpan(_start, _end - _start);
        var begin = pending.IndexOf(StartBlock);
        if (begin < 0)
        {
            // Bytes outside a frame (stray line ends, keep-alives) are dropped.
            _start = _end;
            return false;
        }

        var length = pending[(begin + 1)..].IndexOf([EndBlock, CarriageReturn]);
        if (length < 0)
        {
            _start += begin;
            return false;
        }

        message = Encoding.UTF8.GetString(pending.Slice(begin + 1, length));
        _start += begin + 1 + length + 2;
        return true;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_start, _end) = (0, _end - _start);
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxFrameBytes)
            {
                throw new IOException($"no MLLP frame end within {MaxFrameBytes} bytes");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
