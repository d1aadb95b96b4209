using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Simulator;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The simulator's bedside device, run in this process against the real system over each of its transports (a
/// request per batch, its own WebSocket, its gateway's WebSocket), streams on while PostgreSQL is cut and the
/// 1,000-reading vitals buffer fills: its batches are answered 503 and kept. Once PostgreSQL is back
/// its backlog drains, and every batch it measured is in the history exactly once.
/// </summary>
public sealed class SimulatorStoreAndForwardTests(OutageSystem system) : IClassFixture<OutageSystem>
{
    // 20 batches of 6 readings a second fill the buffer within seconds of PostgreSQL going away.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private const int ReadingsPerBatch = 6;

    [Theory]
    [InlineData(ReadingsTransport.Http)]
    [InlineData(ReadingsTransport.WebSocket)]
    [InlineData(ReadingsTransport.Gateway)]
    public async Task A_device_refused_while_the_buffer_is_full_delivers_every_batch_it_measured_once_when_PostgreSQL_is_back(ReadingsTransport transport)
    {
        // The cases share a system: right after one's outage, a statement left on a connection of it can still fail for a moment.
        var ward = new WardClient(system.Http);
        var (unit, patient, deviceId) = (await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await ward.NewBedAsync();
                }
                catch (HttpRequestException)
                {
                    return ((string, string, string)?)null;
                }
            },
            TimeSpan.FromSeconds(30), "a bed set up (the last case's outage over)"))!.Value;
        var bed = new BedAssignment(unit, 1, patient, deviceId);
        using var http = new HttpClient { BaseAddress = system.ApiUrl, Timeout = TimeSpan.FromSeconds(10) };
        var credentials = new SimulatorCredentials(system.Tokens.SigningKey, TimeProvider.System);
        var api = new MonitoringApiClient(http, credentials, TimeProvider.System);
        var messages = new StringWriter();
        var log = new DeviceEventLog(TextWriter.Synchronized(messages), TimeProvider.System);
        var counters = new StreamingCounters();
        await using var gateway = new ReadingsStream(system.ApiUrl, $"api/v1/gateways/sim-gw-{deviceId}/stream", () => credentials.ForGateway($"sim-gw-{deviceId}"));
        if (transport == ReadingsTransport.Gateway)
        {
            Assert.True((await api.RegisterStreamingGatewayAsync($"sim-gw-{deviceId}", [deviceId], CancellationToken.None)).IsSuccess);
        }

        await using IReadingsChannel channel = transport switch
        {
            ReadingsTransport.WebSocket => new WebSocketReadingsChannel(bed, system.ApiUrl, credentials),
            ReadingsTransport.Gateway => new GatewayReadingsChannel(bed, gateway),
            _ => new HttpReadingsChannel(bed, api),
        };
        var queue = new StoreAndForwardQueue(StoreAndForwardQueue.DefaultLimit, bed, channel, new ResendBackoff(Random.Shared), counters, log, TimeProvider.System);
        var scenario = BedScenario.Create(ScenarioKind.Stable, new SimulatorOptions());
        var device = new BedsideDevice(bed, scenario, new VitalSignsModel(42, bed.Bed, scenario), channel, queue, TimeProvider.System, log, firstSequence: 1);
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var running = device.RunAsync(Interval, TimeSpan.Zero, stop.Token, abort.Token);

        await WaitForAsync(counters, messages, c => c.Accepted >= 5, TimeSpan.FromSeconds(15), "the device streaming");
        system.Proxy.GoDown();
        var full = await WaitForAsync(counters, messages, c => c.Waiting >= 20 && c.Resent >= 1, TimeSpan.FromSeconds(60), "batches answered 503 and kept while the buffer is full");
        Assert.Contains(transport == ReadingsTransport.Http ? "HTTP 503" : "stream answered 503", messages.ToString(), StringComparison.Ordinal);

        system.Proxy.ComeBack();
        await WaitForAsync(counters, messages, c => c.Waiting <= 1 && c.Acknowledged > full.Measured, TimeSpan.FromSeconds(60), "the backlog delivered once PostgreSQL is back");
        await stop.CancelAsync();
        abort.CancelAfter(TimeSpan.FromSeconds(20));
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        var counts = counters.Snapshot();
        Assert.True(
            counts is { Waiting: 0, Lost: 0, Refused: 0 } && counts.Acknowledged == counts.Measured,
            $"{ProgressReporter.Describe(counts, 0)}\n{messages}");

        // One time per batch: each measured batch stored, none twice (nor, by the table's key, any reading).
        var expected = counts.Measured * ReadingsPerBatch;
        // The buffer is written once PostgreSQL answers again; on a busy machine (the whole suite at once)
        // that can take a while, but every row must come.
        var rowsSeen = 0L;
        long stored;
        try
        {
            stored = (await Poll.UntilAsync(
                async () => (rowsSeen = await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient)) >= expected ? rowsSeen : (long?)null,
                TimeSpan.FromSeconds(90),
                $"the {counts.Measured} batches measured in the history"))!.Value;
        }
        catch (TimeoutException e)
        {
            var instants = await system.Database.ScalarAsync<long>("select count(distinct measured_at) from vitals_readings where patient_id = $1", patient);
            throw new TimeoutException($"{e.Message} Rows stored: {rowsSeen} of {expected}, at {instants} distinct times for {counts.Measured} batches.", e);
        }

        Assert.Equal(expected, stored);
        Assert.Equal(counts.Measured, await system.Database.ScalarAsync<long>("select count(distinct measured_at) from vitals_readings where patient_id = $1", patient));
    }

    private static async Task<CounterSnapshot> WaitForAsync(
        StreamingCounters counters, StringWriter messages, Func<CounterSnapshot, bool> condition, TimeSpan deadline, string what)
    {
        try
        {
            return await Poll.UntilAsync(() => Task.FromResult(counters.Snapshot() is var counts && condition(counts) ? counts : null), deadline, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe device: {ProgressReporter.Describe(counters.Snapshot(), 0)}\n{messages}", e);
        }
    }
}
