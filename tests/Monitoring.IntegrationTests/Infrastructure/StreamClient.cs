using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A device's or a gateway's WebSocket stream of batches, as a bedside device or its gateway would hold it:
/// sends batches as text messages and reads their acknowledgements.
/// </summary>
public sealed class StreamClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;

    private StreamClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    /// <summary>Opens <c>/api/v1/devices/{deviceId}/stream</c> as the device (or with <paramref name="token"/>).</summary>
    public static Task<StreamClient> OpenDeviceAsync(RunningSystem system, string deviceId, string? token = null) =>
        OpenAsync(system, $"/api/v1/devices/{deviceId}/stream", token ?? system.Tokens.Device(deviceId));

    /// <summary>Opens <c>/api/v1/gateways/{gatewayId}/stream</c> as the gateway (or with <paramref name="token"/>).</summary>
    public static Task<StreamClient> OpenGatewayAsync(RunningSystem system, string gatewayId, string? token = null) =>
        OpenAsync(system, $"/api/v1/gateways/{gatewayId}/stream", token ?? system.Tokens.For(gatewayId, ["gateway"]));

    /// <summary>Opens a stream; the upgrade's refusal (401, 403, 400) throws a <see cref="WebSocketException"/> naming the status.</summary>
    public static async Task<StreamClient> OpenAsync(RunningSystem system, string path, string token)
    {
        ArgumentNullException.ThrowIfNull(system);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri($"ws://{system.ApiUrl.Authority}{path}");
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await socket.ConnectAsync(uri, deadline.Token);
        }
        catch (WebSocketException refused)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new WebSocketException(string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"), refused);
        }

        return new StreamClient(socket);
    }

    /// <summary>One batch of readings taken now, for a device's stream (or a gateway's, with <paramref name="deviceId"/>).</summary>
    public Task SendBatchAsync(long sequence, string? deviceId = null, params (string Code, double Value)[] readings) =>
        SendBatchAsync(sequence, DateTimeOffset.UtcNow, deviceId, readings);

    public Task SendBatchAsync(long sequence, DateTimeOffset takenAt, string? deviceId, params (string Code, double Value)[] readings)
    {
        var at = takenAt.ToString("O", CultureInfo.InvariantCulture);
        var readingsJson = string.Join(',', readings.Select(r => string.Create(CultureInfo.InvariantCulture, $$"""{"code":"{{r.Code}}","value":{{r.Value}},"at":"{{at}}"}""")));
        var device = deviceId is null ? "" : $"\"deviceId\":\"{deviceId}\",";
        return SendTextAsync(string.Create(CultureInfo.InvariantCulture, $$"""{{{device}}"sequence":{{sequence}},"readings":[{{readingsJson}}]}"""));
    }

    public async Task SendTextAsync(string text)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, deadline.Token);
    }

    /// <summary>The next acknowledgement; null when the server closed the stream instead.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? Deadline);
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, deadline.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>The next <paramref name="count"/> acknowledgements (in whatever order they came).</summary>
    public async Task<List<JsonElement>> ReceiveAsync(int count)
    {
        var acknowledgements = new List<JsonElement>();
        while (acknowledgements.Count < count)
        {
            acknowledgements.Add(await ReceiveAsync() ?? throw new InvalidOperationException($"The stream closed ({CloseStatus}: {CloseReason}) after {acknowledgements.Count} of {count} acknowledgements."));
        }

        return acknowledgements;
    }

    /// <summary>Reads until the server closes the stream, returning the acknowledgements that came before.</summary>
    public async Task<List<JsonElement>> ReadUntilClosedAsync(TimeSpan within)
    {
        var acknowledgements = new List<JsonElement>();
        var until = DateTimeOffset.UtcNow + within;
        while (await ReceiveAsync(until - DateTimeOffset.UtcNow) is { } acknowledgement)
        {
            acknowledgements.Add(acknowledgement);
        }

        return acknowledgements;
    }

    public async Task CloseAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await CloseAsync();
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
