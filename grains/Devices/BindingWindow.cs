using System.Collections.Immutable;
using Monitoring.Vitals;

namespace Monitoring.Devices;

/// <summary>
/// Which readings of a device belong to the patient it is bound to: those measured once the binding began.
/// Times are compared to the second, since many devices and gateways date readings in whole seconds.
/// </summary>
public static class BindingWindow
{
    public static (ImmutableArray<Reading> Taken, int BeforeBinding) Split(ImmutableArray<Reading> readings, DateTimeOffset? boundAt)
    {
        if (boundAt is not { } start)
        {
            return (readings, 0); // bound before bindings were dated: nothing to tell apart
        }

        var from = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var before = readings.Count(r => r.At < from);
        return before == 0 ? (readings, 0) : ([.. readings.Where(r => r.At >= from)], before);
    }
}
