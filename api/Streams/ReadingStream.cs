using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Monitoring.Telemetry;

namespace Monitoring.Api.Streams;

/// <summary>
/// One open WebSocket of a device or a gateway: each text message is a batch, taken as a request would be, and
/// answered by one <see cref="StreamAcknowledgement"/> text message. Up to <c>window</c> batches are taken at
/// once (their acknowledgements may come in another order; each names its batch); past that, the stream is not
/// read until one is answered, which is the sender's back-pressure. The stream ends, after answering every batch
/// it took, when the sender closes it, when the token that opened it expires (1008), when the host stops
/// (1001), or at a message it cannot take at all: binary (1003) or too large (1009). A batch received after
/// that is not taken and not answered: the sender sends it again on its next connection.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The window's SemaphoreSlim holds nothing to free unless its wait handle is asked for, which it never is; a batch still under way after the drain timeout releases it once the stream is gone.")]
public sealed partial class ReadingStream(WebSocket socket, int window, TimeProvider time, ILogger logger)
{
    /// <summary>How long the batches under way are waited for, and then the sender's answer to the close.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private const int ReceiveChunk = 4096;

    private readonly Channel<StreamAcknowledgement> _acknowledgements = Channel.CreateUnbounded<StreamAcknowledgement>(new() { SingleReader = true });
    private readonly SemaphoreSlim _window = new(window, window);
    private volatile bool _stopping;

    /// <summary>
    /// Reads, takes and answers until the stream ends. <paramref name="take"/> gets each message (UTF-8 JSON) and
    /// returns its acknowledgement; it must not throw for anything a sender can cause.
    /// </summary>
    public async Task RunAsync(Func<byte[], Task<StreamAcknowledgement>> take, DateTimeOffset? tokenExpires, CancellationToken hostStopping, CancellationToken connectionAborted)
    {
        ArgumentNullException.ThrowIfNull(take);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, connectionAborted);
        var sending = SendAcknowledgementsAsync(connectionAborted);
        var receiving = ReceiveAsync(take, connectionAborted);
        var expiry = tokenExpires is { } expires
            ? Task.Delay(Clamp(expires - time.GetUtcNow()), time, ended.Token)
            : Task.Delay(Timeout.Infinite, ended.Token);

        var first = await Task.WhenAny(receiving, expiry);
        _stopping = true;
        (WebSocketCloseStatus Status, string Reason)? close = first == receiving
            ? await receiving
            : connectionAborted.IsCancellationRequested ? null
            : hostStopping.IsCancellationRequested ? (WebSocketCloseStatus.EndpointUnavailable, "The server is restarting; connect again and send what was not answered.")
            : (WebSocketCloseStatus.PolicyViolation, "The token has expired; connect again with a new one and send what was not answered.");

        // Every batch taken is answered before the close.
        await DrainAsync();
        _acknowledgements.Writer.TryComplete();
        await sending;
        await CloseAsync(close, receiving, connectionAborted);
        await ended.CancelAsync(); // the token's timer goes with the stream
    }

    /// <summary>The close the stream asks for, or null when the sender closed it or the connection was lost.</summary>
    private async Task<(WebSocketCloseStatus, string)?> ReceiveAsync(Func<byte[], Task<StreamAcknowledgement>> take, CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
        try
        {
            while (true)
            {
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

                if (_stopping)
                {
                    continue; // not taken, not answered: the sender sends it again when it connects again
                }

                await _window.WaitAsync(aborted);
                if (_stopping)
                {
                    _window.Release(); // the stream ended while this one waited for room: as above
                    continue;
                }

                _ = TakeAsync(take, buffer.WrittenSpan.ToArray());
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            return null; // the connection is gone: nothing can be answered
        }
    }

    /// <summary>The span of each batch: the root of its trace, as an MLLP message's is (not a child of the stream's hours-long upgrade request).</summary>
    public const string BatchSpan = "websocket batch";

    private async Task TakeAsync(Func<byte[], Task<StreamAcknowledgement>> take, byte[] message)
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
                acknowledgement = StreamAcknowledgement.NotTakenNow(deviceId, sequence);
            }

            if (_acknowledgements.Writer.TryWrite(acknowledgement))
            {
                return; // its room in the window is given back once it is sent
            }
        }
        catch (Exception exception)
        {
            LogNotTaken(logger, exception.GetType().Name);
        }

        _window.Release();
    }

    /// <summary>
    /// Sends the acknowledgements in the order they are ready, each batch's room in the window given back once its
    /// acknowledgement is sent: a sender that does not read them is not read either, and nothing piles up here.
    /// </summary>
    private async Task SendAcknowledgementsAsync(CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer);
        var connected = true;
        await foreach (var acknowledgement in _acknowledgements.Reader.ReadAllAsync(CancellationToken.None))
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
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
                {
                    // The connection is gone; what was not answered is sent again by the sender. The batches still
                    // under way finish (they are taken or not) and give their room back here.
                    connected = false;
                }
            }

            _window.Release();
        }
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
