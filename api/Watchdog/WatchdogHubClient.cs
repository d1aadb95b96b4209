using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Api.Push;
using Monitoring.Watchdog;

namespace Monitoring.Api.Watchdog;

/// <summary>
/// This host's watchdog as a client of this host's own hub, as a central station is: it joins the watchdog's unit
/// and hears its patients' <c>alarm</c> events the way every dashboard hears theirs (the host's push observer,
/// SignalR groups, a WebSocket). Signs in with <see cref="WatchdogAuthentication"/>.
/// </summary>
public sealed class WatchdogHubClient(Uri hubUrl, TimeProvider time) : IAsyncDisposable
{
    private readonly Channel<WatchdogArrival> _arrivals = Channel.CreateBounded<WatchdogArrival>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private HubConnection? _connection;

    public ChannelReader<WatchdogArrival> Arrivals => _arrivals.Reader;

    /// <summary>Connected and in the watchdog's unit's group, now or after connecting again.</summary>
    public bool IsConnected => _connection?.State == HubConnectionState.Connected;

    /// <summary>Connects and joins the unit, unless it already is; throws what the hub answered when it cannot.</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (IsConnected)
        {
            return;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o => o.Headers[WatchdogAuthentication.Header] = WatchdogAuthentication.Secret)
            .Build();
        _connection.On<JsonElement>(PushEvents.Alarm, alarm => Take(alarm));
        await _connection.StartAsync(cancellationToken);
        await _connection.InvokeAsync(nameof(MonitoringHub.JoinUnit), SyntheticBeds.UnitId, cancellationToken);
    }

    private void Take(JsonElement alarm)
    {
        var received = time.GetTimestamp();
        if (alarm.TryGetProperty("patientId", out var patient) && SyntheticBeds.IsSynthetic(patient.GetString()))
        {
            _arrivals.Writer.TryWrite(new WatchdogArrival(
                patient.GetString()!,
                alarm.GetProperty("alarmId").GetString() ?? "",
                alarm.GetProperty("code").GetString() ?? "",
                alarm.GetProperty("state").GetString() ?? "",
                alarm.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null,
                received));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
