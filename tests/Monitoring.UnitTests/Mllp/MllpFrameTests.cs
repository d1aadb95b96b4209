using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

/// <summary>MLLP frames as both sides of a connection write and read them.</summary>
public sealed class MllpFrameTests
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    [Fact]
    public void A_frame_is_the_message_between_a_start_block_and_an_end_block_with_CR()
    {
        var written = new ArrayBufferWriter<byte>();

        MllpFrame.Write("MSH|é", written);

        Assert.Equal([0x0B, .. Encoding.UTF8.GetBytes("MSH|é"), 0x1C, 0x0D], written.WrittenSpan.ToArray());
        Assert.Equal(written.WrittenSpan.ToArray(), MllpFrame.Wrap(Encoding.UTF8.GetBytes("MSH|é")));
    }

    [Fact]
    public async Task Frames_written_one_after_another_are_read_one_by_one_and_noise_between_them_is_dropped()
    {
        var pipe = new Pipe();
        var written = new ArrayBufferWriter<byte>();
        MllpFrame.Write("first", written);
        written.Write("\r\n"u8);
        MllpFrame.Write("second", written);
        await pipe.Writer.WriteAsync(written.WrittenMemory);
        await pipe.Writer.CompleteAsync();
        var reader = new MllpFrameReader(pipe.Reader, 1024, Forever, Forever);

        var first = await reader.ReadAsync(CancellationToken.None);
        var second = await reader.ReadAsync(CancellationToken.None);
        var end = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal("first", Encoding.UTF8.GetString(first.Frame!));
        Assert.Equal("second", Encoding.UTF8.GetString(second.Frame!));
        Assert.Equal((null, MllpReadStop.Closed), end);
    }

    [Fact]
    public async Task A_frame_with_no_end_within_the_limit_stops_the_reading()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { MllpFrame.StartBlock }.Concat(Enumerable.Repeat((byte)'A', 2000)).ToArray());
        var reader = new MllpFrameReader(pipe.Reader, 1024, Forever, Forever);

        var (frame, stop) = await reader.ReadAsync(CancellationToken.None);

        Assert.Null(frame);
        Assert.Equal(MllpReadStop.TooLarge, stop);
    }

    [Fact]
    public async Task Without_timeouts_a_wait_for_a_frame_ends_only_when_the_caller_cancels()
    {
        var pipe = new Pipe();
        var reader = new MllpFrameReader(pipe.Reader, 1024, Forever, Forever);
        using var cancel = new CancellationTokenSource();

        var reading = reader.ReadAsync(cancel.Token);
        Assert.False(reading.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }
}
