using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.Simulator;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// A unit client on each api host: one SignalR connection that joins every unit of the ward, as a
/// central station does, and hands each <c>alarm</c> event to the <see cref="BreachBook"/>. A
/// connection that drops tries again every second and joins its units again once back.
/// </summary>
public sealed class UnitWatch : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly IReadOnlyList<string> _units;

    private UnitWatch(IReadOnlyList<string> units) => _units = units;

    public static async Task<UnitWatch> ConnectAsync(
        IReadOnlyList<Uri> apis, IReadOnlyList<string> units, SimulatorCredentials credentials, BreachBook breaches, Func<string, int?> deviceOf, TextWriter log)
    {
        var watch = new UnitWatch(units);
        for (var client = 0; client < apis.Count; client++)
        {
            var (index, api) = (client, apis[client]);
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(api, "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult(credentials.ForStaff(BenchmarkSignIn.AllUnits).Parameter))
                .WithAutomaticReconnect(new EverySecond())
                .Build();
            connection.On<JsonElement>("alarm", alarm =>
            {
                if (deviceOf(alarm.GetProperty("patientId").GetString()!) is { } device)
                {
                    breaches.OnAlarm(index, device, alarm.GetProperty("alarmId").GetString()!, alarm.GetProperty("code").GetString()!,
                        alarm.GetProperty("state").GetString()!, alarm.GetProperty("raisedAt").GetDateTimeOffset());
                }
            });
            connection.Reconnecting += _ =>
            {
                log.WriteLine($"unit client on {api}: connection lost, reconnecting");
                return Task.CompletedTask;
            };
            connection.Reconnected += async _ =>
            {
                log.WriteLine($"unit client on {api}: reconnected");
                await watch.JoinAllAsync(connection);
            };
            await connection.StartAsync();
            await watch.JoinAllAsync(connection);
            watch._connections.Add(connection);
        }

        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task JoinAllAsync(HubConnection connection)
    {
        foreach (var unit in _units)
        {
            await connection.InvokeAsync("JoinUnit", unit);
        }
    }

    /// <summary>A host that is gone may come back; the soak ends by itself, so trying forever is bounded.</summary>
    private sealed class EverySecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromSeconds(1);
    }
}
