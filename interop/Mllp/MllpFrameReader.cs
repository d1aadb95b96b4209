using System.Buffers;
using System.IO.Pipelines;

namespace Monitoring.Mllp;

/// <summary>
/// Reads MLLP frames (<c>0x0B message 0x1C 0x0D</c>) from a connection: bytes before a start block are
/// skipped, a frame over the limit or a frame that stalls ends the connection.
/// </summary>
public sealed class MllpFrameReader(PipeReader input, MllpOptions options)
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    /// <summary>The next frame's payload; null when the peer closed, went idle, or broke the framing.</summary>
    public async Task<(byte[]? Frame, MllpReadStop Stop)> ReadAsync(CancellationToken cancellationToken)
    {
        var started = false;
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(started ? options.ReadTimeout : options.IdleTimeout);
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, started ? MllpReadStop.Stalled : MllpReadStop.Idle);
            }

            var buffer = result.Buffer;
            var start = buffer.PositionOf(StartBlock);
            if (start is null)
            {
                // Noise before a frame: dropped.
                input.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return (null, MllpReadStop.Closed);
                }

                continue;
            }

            started = true;
            var body = buffer.Slice(buffer.GetPosition(1, start.Value));
            var end = body.PositionOf(EndBlock);
            if (end is { } endPosition)
            {
                var payload = body.Slice(0, endPosition);
                var afterEnd = body.Slice(endPosition).Slice(1);
                if (afterEnd.Length == 0 && !result.IsCompleted)
                {
                    // The CR after the end block has not arrived yet.
                    input.AdvanceTo(buffer.GetPosition(0, start.Value), buffer.End);
                    continue;
                }

                var frame = payload.ToArray();
                var consumed = afterEnd.Length > 0 && afterEnd.FirstSpan[0] == CarriageReturn ? afterEnd.GetPosition(1) : afterEnd.Start;
                input.AdvanceTo(consumed);
                return (frame, MllpReadStop.None);
            }

            if (body.Length > options.MaxFrameBytes)
            {
                return (null, MllpReadStop.TooLarge);
            }

            if (result.IsCompleted)
            {
                return (null, MllpReadStop.Closed);
            }

            input.AdvanceTo(buffer.GetPosition(0, start.Value), buffer.End);
        }
    }

    /// <summary>Wraps a message in an MLLP frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = StartBlock;
        message.CopyTo(frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }
}
