using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Monitoring.Scheduling;

/// <summary>
/// One per silo: wakes its grains at the times they ask for (<see cref="WakeUp.At"/>), all with one timer that looks
/// every <see cref="Resolution"/>. An Orleans grain timer costs about a kilobyte an activation (its timer, callbacks and
/// cancellation); a device's silence watch and a patient's snapshot timer were two of them on every streaming bed.
/// </summary>
/// <remarks>
/// For what may be a second late: a device's silence (it counts in tens of seconds), a snapshot of vitals (every
/// 30 s). Not for alarm delays and escalations, which keep the patient's own <c>AlarmClock</c>. A wake-up is a call
/// to the grain (<see cref="IWakeable"/>), so it runs in the grain's turn. A grain that left disposed of its
/// <see cref="WakeUp"/> and is not woken; one that leaves just as its wake-up is sent comes back for it, as for any call.
/// A wake-up whose call fails is tried again <see cref="RetryAfter"/> later, unless the grain has set another.
/// </remarks>
public sealed partial class WakeUps(IGrainFactory grains, TimeProvider time, ILogger<WakeUps> logger) : BackgroundService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<WakeUp, byte> _armed = new();

    /// <summary>A wake-up for <paramref name="grain"/>, not armed; dispose of it when the activation ends.</summary>
    public WakeUp For(GrainId grain) => new(this, grain);

    internal void Arm(WakeUp wakeUp) => _armed.TryAdd(wakeUp, 0);

    internal void Disarm(WakeUp wakeUp) => _armed.TryRemove(wakeUp, out _);

    /// <summary>The grains whose time has come, each taken once (a grain asks again if it wants to be woken again).</summary>
    internal List<WakeUp> TakeDue()
    {
        var now = time.GetUtcNow().UtcTicks;
        var due = new List<WakeUp>();
        foreach (var (wakeUp, _) in _armed)
        {
            if (wakeUp.TakeIfDue(now))
            {
                due.Add(wakeUp);
            }
        }

        return due;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(Resolution, time);
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var wakeUp in TakeDue())
                {
                    _ = WakeAsync(wakeUp);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WakeAsync(WakeUp wakeUp)
    {
        try
        {
            await grains.GetGrain<IWakeable>(wakeUp.Grain).WakeAsync();
        }
        catch (Exception exception)
        {
            // Not woken (a timeout, the grain's own failure): tried again, unless the grain has left or asked anew.
            wakeUp.AtIfUnset(time.GetUtcNow() + RetryAfter);
            LogWakeFailed(logger, exception, wakeUp.Grain.Type.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wake-up call to a {GrainType} grain failed")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string grainType);
}
