using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;
using Npgsql;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>A system that reaches PostgreSQL through an <see cref="OutageProxy"/>, so a test can take the database away.</summary>
public sealed class OutageSystem : RunningSystem
{
    private OutageProxy? _proxy;

    public OutageProxy Proxy => _proxy ?? throw new InvalidOperationException("Not started.");

    protected override string SystemConnectionString
    {
        get
        {
            var direct = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
            _proxy ??= new OutageProxy(direct.Host!, direct.Port);
            return new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 }.ConnectionString;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}

/// <summary>
/// PostgreSQL goes away while a device streams: alarms still reach the dashboard, readiness says
/// degraded, and once the database is back every accepted reading is in the history exactly once.
/// </summary>
public sealed class DatabaseOutageTests(OutageSystem system) : IClassFixture<OutageSystem>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(250);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task During_an_outage_alarms_still_reach_the_dashboard_and_afterwards_every_accepted_reading_is_stored_once()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var accepted = 0;
        var sequence = 0L;
        async Task<HttpStatusCode> SendAsync(params (string Code, double Value)[] readings)
        {
            var response = await _ward.PostReadingsAsync(device, ++sequence, readings);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted += readings.Length;
            }

            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(("hr", 72), ("spo2", 97)));
        system.Proxy.GoDown();
        var statuses = new List<HttpStatusCode>();
        var outage = DateTimeOffset.UtcNow;

        // The device streams through the outage; half-way, its patient's blood pressure falls.
        var breachSent = false;
        while (DateTimeOffset.UtcNow - outage < Outage)
        {
            var breach = !breachSent && DateTimeOffset.UtcNow - outage > Outage / 2;
            statuses.Add(breach ? await SendAsync(("hr", 75), ("sbp", 80)) : await SendAsync(("hr", 72), ("spo2", 97)));
            breachSent |= breach;
            await Task.Delay(BatchInterval); // the device's own pace, not a wait for the system
        }

        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), TimeSpan.FromSeconds(2), "the alarm raised during the outage");
        var readiness = await system.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode); // degraded, still taking readings
        Assert.Contains("Degraded", await readiness.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(statuses.All(s => s == HttpStatusCode.Accepted), $"not all accepted: {string.Join(",", statuses.Select(s => (int)s))}\n{Tail(system.Logs)}");

        system.Proxy.ComeBack();
        Assert.Equal(HttpStatusCode.Accepted, await SendAsync(("hr", 71), ("spo2", 98)));

        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_history where patient_id = $1", patient) is var rows && rows >= accepted ? rows : (long?)null,
            TimeSpan.FromSeconds(30),
            $"the {accepted} accepted readings in the history");
        Assert.Equal(accepted, stored);
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from alarm_history where patient_id = $1 and code = 'sbp-low' and reason = 'raised'", patient) == 1 ? true : (bool?)null,
            TimeSpan.FromSeconds(30),
            "the alarm in the alarm history\n" + Tail(system.Logs));
    }

    private static string Tail(string logs) => string.Join("\n", logs.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal)).Select(l => l.Length > 700 ? l[..700] : l).TakeLast(12));
}
