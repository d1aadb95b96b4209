using System.Buffers;
using System.IO.Pipelines;
using static Monitoring.Mllp.MllpFrame;

namespace Monitoring.Mllp;

/// <summary>
/// Reads MLLP frames (<c>0x0B message 0x1C 0x0D</c>) from a connection: bytes before a start block are
/// skipped, a frame over <paramref name="maxFrameBytes"/> or a frame that stalls ends the connection.
/// <paramref name="idleTimeout"/> bounds the wait for a frame to start, <paramref name="readTimeout"/> for a
/// started one to end; <see cref="Timeout.InfiniteTimeSpan"/> leaves either to the caller's cancellation.
/// </summary>
public sealed class MllpFrameReader(PipeReader input, int maxFrameBytes, TimeSpan idleTimeout, TimeSpan readTimeout)
{
    /// <summary>A reader with the listener's limits (<see cref="MllpOptions.MaxFrameBytes"/>, its idle and read timeouts).</summary>
    public MllpFrameReader(PipeReader input, MllpOptions options)
        : this(input, options?.MaxFrameBytes ?? throw new ArgumentNullException(nameof(options)), options.IdleTimeout, options.ReadTimeout)
    {
    }

    /// <summary>The next frame's payload; null when the peer closed, went idle, or broke the framing.</summary>
    public async Task<(byte[]? Frame, MllpReadStop Stop)> ReadAsync(CancellationToken cancellationToken)
    {
        var started = false;
        while (true)
        {
            var timeout = started ? readTimeout : idleTimeout;
            using var deadline = timeout == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline?.CancelAfter(timeout);
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline?.Token ?? cancellationToken);
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

            if (body.Length > maxFrameBytes)
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
}
