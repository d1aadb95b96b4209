using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Monitoring.Telemetry;

namespace Monitoring.Api.Streams;

/// <summary>
/// One open WebSocket of a device or a gateway: each text message is a batch, taken as a request would be, and
/// answered by one <see cref="StreamAcknowledgement"/> text message. Up to <c>window</c> batches (and at most
/// <see cref="BytesUnderWay"/> of them) are taken at once; their acknowledgements may come in another order, each
/// naming its batch. Past that, the stream is not read until a batch's acknowledgement has been sent, which is the
/// sender's back-pressure. The stream ends, after answering every batch it took, when the sender closes it, when
/// the token that opened it expires (1008), when a newer stream of the same sender replaces it (1008), when the
/// host stops (1001), or at a message it cannot take at all: binary (1003) or too large (1009). A batch received
/// after that is not taken and not answered: the sender sends it again on its next connection.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlims hold nothing to free unless their wait handles are asked for, which they never are, and a batch still under way after the drain timeout releases them once the stream is gone; the two token sources have no timer.")]
public sealed partial class ReadingStream(WebSocket socket, int window, bool gateway, TimeProvider time, ILogger logger)
{
    /// <summary>How long the batches under way are waited for, then their acknowledgements' sending, then the sender's answer to the close.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The bytes of the batches a stream takes at once (each at most 1 MiB).</summary>
    public const int BytesUnderWay = 4 * 1024 * 1024;

    /// <summary>The span of each batch: the root of its trace, as an MLLP message's is (not a child of the stream's hours-long upgrade request).</summary>
    public const string BatchSpan = "websocket batch";

    private const int ReceiveChunk = 4096;
    private const int Kibibyte = 1024;

    // A receive buffer grown by one large batch is let go afterwards rather than kept for the stream's hours.
    private const int KeptBufferBytes = 64 * 1024;

    private readonly Channel<(StreamAcknowledgement Acknowledgement, int Kibibytes)> _acknowledgements =
        Channel.CreateUnbounded<(StreamAcknowledgement, int)>(new() { SingleReader = true });

    private readonly SemaphoreSlim _window = new(window, window);
    private readonly SemaphoreSlim _bytes = new(BytesUnderWay / Kibibyte, BytesUnderWay / Kibibyte);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _superseded = new();
    private volatile bool _stopping;

    /// <summary>Ends the stream (1008) because a newer stream of the same device or gateway opened.</summary>
    public void Supersede() => _superseded.Cancel();

    /// <summary>
    /// Reads, takes and answers until the stream ends. <paramref name="take"/> gets each message (UTF-8 JSON) and
    /// returns its acknowledgement; it must not throw for anything a sender can cause.
    /// </summary>
    public async Task RunAsync(Func<byte[], Task<StreamAcknowledgement>> take, DateTimeOffset? tokenExpires, CancellationToken hostStopping, CancellationToken connectionAborted)
    {
        ArgumentNullException.ThrowIfNull(take);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, connectionAborted, _superseded.Token);
        try
        {
            var sending = SendAcknowledgementsAsync(connectionAborted);
            var receiving = ReceiveAsync(take, connectionAborted);
            var expiry = Task.Delay(tokenExpires is { } expires ? Clamp(expires - time.GetUtcNow()) : Timeout.InfiniteTimeSpan, time, ended.Token);

            var first = await Task.WhenAny(receiving, expiry);
            _stopping = true;
            await _stop.CancelAsync();
            (WebSocketCloseStatus Status, string Reason)? close = first == receiving
                ? await receiving
                : connectionAborted.IsCancellationRequested ? null
                : hostStopping.IsCancellationRequested ? (WebSocketCloseStatus.EndpointUnavailable, "The server is restarting; connect again and send what was not answered.")
                : _superseded.IsCancellationRequested ? (WebSocketCloseStatus.PolicyViolation, "A newer stream of this sender replaced this one.")
                : (WebSocketCloseStatus.PolicyViolation, "The token has expired; connect again with a new one and send what was not answered.");

            // Every batch taken is answered before the close; a sender that does not read its answers is cut off.
            await DrainAsync();
            _acknowledgements.Writer.TryComplete();
            if (await Task.WhenAny(sending, Task.Delay(DrainTimeout, time, CancellationToken.None)) != sending)
            {
                socket.Abort();
                await sending;
            }

            await CloseAsync(close, receiving, connectionAborted);
        }
        finally
        {
            await ended.CancelAsync(); // the token's timer goes with the stream
        }
    }

    /// <summary>The close the stream asks for, or null when the sender closed it or the connection was lost.</summary>
    private async Task<(WebSocketCloseStatus, string)?> ReceiveAsync(Func<byte[], Task<StreamAcknowledgement>> take, CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
        try
        {
            while (true)
            {
                if (buffer.Capacity > KeptBufferBytes)
                {
                    buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
                }

                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.GetMemory(ReceiveChunk), aborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return null;
                    }

                    buffer.Advance(received.Count);
                    if (buffer.WrittenCount > Devices.DeviceEndpoints.MaxReadingsBodyBytes)
                    {
                        return (WebSocketCloseStatus.MessageTooBig, $"A batch may be at most {Devices.DeviceEndpoints.MaxReadingsBodyBytes} bytes; send smaller batches.");
                    }
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    return (WebSocketCloseStatus.InvalidMessageType, "Send each batch as a text message of JSON.");
                }

                // Once the stream is ending, a batch is neither taken nor answered: the sender sends it again
                // when it connects again. Reading goes on only to hear the sender's answer to the close.
                var kibibytes = (buffer.WrittenCount + Kibibyte - 1) / Kibibyte;
                if (_stopping || !await TryMakeRoomAsync(kibibytes))
                {
                    continue;
                }

                _ = TakeAsync(take, buffer.WrittenSpan.ToArray(), kibibytes);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            return null; // the connection is gone: nothing can be answered
        }
    }

    /// <summary>Waits for room in the window and for the batch's bytes; false when the stream ended meanwhile (nothing held).</summary>
    private async Task<bool> TryMakeRoomAsync(int kibibytes)
    {
        var (window, bytes) = (false, 0);
        try
        {
            await _window.WaitAsync(_stop.Token);
            window = true;
            for (; bytes < kibibytes; bytes++)
            {
                await _bytes.WaitAsync(_stop.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            if (window)
            {
                _window.Release();
            }

            if (bytes > 0)
            {
                _bytes.Release(bytes);
            }

            return false;
        }
    }

    private async Task TakeAsync(Func<byte[], Task<StreamAcknowledgement>> take, byte[] message, int kibibytes)
    {
        try
        {
            StreamAcknowledgement acknowledgement;
            Activity.Current = null;
            using var span = MonitoringTelemetry.Source.StartActivity(BatchSpan, ActivityKind.Server);
            span?.SetTag("network.protocol.name", "websocket");
            try
            {
                acknowledgement = await take(message);
                span?.SetTag("http.response.status_code", acknowledgement.Status);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The cluster did not answer (or anything else went wrong): nothing was taken, and the sender is told
                // to send it again, never that it was taken.
                LogNotTaken(logger, exception.GetType().Name);
                var (deviceId, sequence) = StreamMessages.Names(message);
                acknowledgement = StreamAcknowledgement.NotTakenNow(gateway ? deviceId : null, sequence);
            }

            if (_acknowledgements.Writer.TryWrite((acknowledgement, kibibytes)))
            {
                return; // its room is given back once it is sent
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotTaken(logger, exception.GetType().Name);
        }

        Release(kibibytes);
    }

    /// <summary>
    /// Sends the acknowledgements in the order they are ready, each batch's room given back once its acknowledgement
    /// is sent: a sender that does not read them is not read either, and nothing piles up here.
    /// </summary>
    private async Task SendAcknowledgementsAsync(CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer);
        var connected = true;
        await foreach (var (acknowledgement, kibibytes) in _acknowledgements.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (connected)
            {
                try
                {
                    buffer.ResetWrittenCount();
                    writer.Reset(buffer);
                    JsonSerializer.Serialize(writer, acknowledgement, StreamJson.Default.StreamAcknowledgement);
                    await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, aborted);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
                {
                    // The connection is gone; what was not answered is sent again by the sender. The batches still
                    // under way finish (they are taken or not) and give their room back here.
                    connected = false;
                }
            }

            Release(kibibytes);
        }
    }

    private void Release(int kibibytes)
    {
        _bytes.Release(kibibytes);
        _window.Release();
    }

    private async Task DrainAsync()
    {
        var deadline = time.GetUtcNow() + DrainTimeout;
        for (var i = 0; i < window; i++)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero || !await _window.WaitAsync(left))
            {
                LogNotDrained(logger);
                return;
            }
        }
    }

    private async Task CloseAsync((WebSocketCloseStatus Status, string Reason)? close, Task receiving, CancellationToken aborted)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(close?.Status ?? WebSocketCloseStatus.NormalClosure, close?.Reason ?? "", aborted);
            }

            // The sender answers the close; a sender that does not is cut off.
            if (!receiving.IsCompleted && await Task.WhenAny(receiving, Task.Delay(DrainTimeout, time, aborted)) != receiving)
            {
                socket.Abort();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(24) ? TimeSpan.FromDays(24) : delay;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch on a stream could not be taken ({Exception}); the sender is told to send it again")]
    private static partial void LogNotTaken(ILogger logger, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stream closed before every batch under way was answered; the sender sends those again")]
    private static partial void LogNotDrained(ILogger logger);
}
