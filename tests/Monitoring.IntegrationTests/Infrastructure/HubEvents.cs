using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>The events of one kind a SignalR client receives, waited on one by one with a deadline.</summary>
public sealed class HubEvents
{
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();

    public HubEvents(HubConnection connection, string name) => connection.On<JsonElement>(name, e => _events.Writer.TryWrite(e));

    public List<JsonElement> Received { get; } = [];

    /// <summary>The first event (received now or later) that matches, within the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan deadline, string what)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                Received.Add(next);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {what} within {deadline.TotalSeconds:0.#} s; received: {string.Join(", ", Received)}");
        }
    }

    /// <summary>An alarm event with this code and state.</summary>
    public static Func<JsonElement, bool> Alarm(string code, string state, string? patientId = null) => e =>
        e.GetProperty("code").GetString() == code && e.GetProperty("state").GetString() == state
        && (patientId is null || e.GetProperty("patientId").GetString() == patientId);
}
