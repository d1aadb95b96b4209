using System.Buffers;
using System.Text;

namespace Monitoring.Mllp;

/// <summary>
/// MLLP (HL7 minimal lower layer protocol) framing: <c>0x0B message 0x1C 0x0D</c>. Frames are written here and
/// read by <see cref="MllpFrameReader"/>, on both sides of a connection.
/// </summary>
public static class MllpFrame
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>Wraps a message in a frame.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = StartBlock;
        message.CopyTo(frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }

    /// <summary>Writes <paramref name="message"/>, as UTF-8, in a frame to <paramref name="output"/> (a buffer the caller may reuse).</summary>
    public static void Write(string message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var frame = output.GetSpan(Encoding.UTF8.GetByteCount(message) + 3);
        frame[0] = StartBlock;
        var length = Encoding.UTF8.GetBytes(message, frame[1..]);
        frame[length + 1] = EndBlock;
        frame[length + 2] = CarriageReturn;
        output.Advance(length + 3);
    }
}
