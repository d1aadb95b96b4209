using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Monitoring.Simulator;

/// <summary>
/// One WebSocket to the api's <c>…/stream</c> of a device or a gateway: batches go out as text messages and each
/// acknowledgement is matched to the batch it names (device and sequence). It connects on first use and again
/// after any failure or close (a token that expired, a restarting api); what was under way then is sent again by
/// the devices' queues.
/// </summary>
public sealed class ReadingsStream(Uri api, string path, Func<AuthenticationHeaderValue> token) : IAsyncDisposable
{
    /// <summary>Per attempt: connecting if need be, sending, and waiting for the acknowledgement.</summary>
    public static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(5);

    private readonly Uri _endpoint = new(new UriBuilder(api) { Scheme = api.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs }.Uri, path);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<(string? Device, long Sequence), TaskCompletionSource<StreamAcknowledgement>> _waiting = new();
    private ClientWebSocket? _socket;

    /// <summary>Sends one batch (<paramref name="deviceId"/> only on a gateway's stream) and waits for its acknowledgement.</summary>
    public async Task<DeliveryReport> SendAsync(string? deviceId, long sequence, byte[] message, CancellationToken abort)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abort);
        deadline.CancelAfter(MessageTimeout);
        var answer = new TaskCompletionSource<StreamAcknowledgement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[(deviceId, sequence)] = answer;
        var stage = "connecting";
        ClientWebSocket? socket = null;
        try
        {
            socket = await ConnectedAsync(deadline.Token);
            stage = "sending";
            await _gate.WaitAsync(deadline.Token);
            try
            {
                // Not cancelled by this batch's deadline: cancelling a send aborts the socket, and a gateway's
                // socket carries every one of its devices' batches. A send the api holds back (its window full)
                // simply waits, and this batch times out waiting for its answer below.
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, abort);
            }
            finally
            {
                _gate.Release();
            }

            stage = "waiting for the acknowledgement";
            return (await answer.Task.WaitAsync(deadline.Token)).Report();
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            return DeliveryReport.Retry($"stream {_endpoint.AbsolutePath}: timed out {stage} ({MessageTimeout.TotalSeconds:0} s)");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Only the socket that failed: another batch may have connected a new one meanwhile.
            Drop(socket);
            return DeliveryReport.Retry($"stream {_endpoint.AbsolutePath}, {stage}: {ex.Message}");
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<(string?, long), TaskCompletionSource<StreamAcknowledgement>>((deviceId, sequence), answer));
        }
    }

    /// <summary>Drops the connection, as when the device or gateway loses power or network.</summary>
    public void Disconnect() => Drop(Volatile.Read(ref _socket));

    private void Drop(ClientWebSocket? socket)
    {
        if (socket is not null && ReferenceEquals(Interlocked.CompareExchange(ref _socket, null, socket), socket))
        {
            socket.Abort();
            socket.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Disconnect();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ClientWebSocket> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_socket is { State: WebSocketState.Open } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_socket is { State: WebSocketState.Open } connected)
            {
                return connected;
            }

            Drop(_socket);
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", token().ToString());
            await socket.ConnectAsync(_endpoint, cancellationToken);
            _socket = socket;
            _ = ReceiveAsync(socket);
            return socket;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        // The api closed it (token expired, restarting, a newer stream): answer the close; the
                        // next batch connects again.
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                        return;
                    }

                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);

                var acknowledgement = JsonSerializer.Deserialize(message.GetBuffer().AsSpan(0, (int)message.Length), SimulatorJsonContext.Default.StreamAcknowledgement);
                if (acknowledgement?.Sequence is { } sequence && _waiting.TryGetValue((acknowledgement.DeviceId, sequence), out var waiting))
                {
                    waiting.TrySetResult(acknowledgement);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or JsonException or OperationCanceledException)
        {
            // Lost: batches under way time out and are sent again on a new connection.
        }
        finally
        {
            if (ReferenceEquals(Interlocked.CompareExchange(ref _socket, null, socket), socket))
            {
                socket.Dispose();
            }

            // Batches still waiting for an answer on this socket will not get one: send them again now rather than
            // after their timeout (one that was meant for a newer socket is sent again too; it is a duplicate then).
            foreach (var waiting in _waiting.Values)
            {
                waiting.TrySetException(new WebSocketException("The stream closed before this batch was answered."));
            }
        }
    }
}
