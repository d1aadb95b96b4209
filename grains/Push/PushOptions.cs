using System.ComponentModel.DataAnnotations;

namespace Monitoring.Push;

/// <summary>Timing of the push path from grains to dashboards.</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary>How long vitals may wait in a silo's push outbox to be sent with others. Alarms never wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01", ErrorMessage = "Push:FlushInterval must be between 1 ms and 1 s.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>How often a silo's push outbox re-reads the list of hosts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Push:HostListRefresh must be between 100 ms and 1 min.")]
    public TimeSpan HostListRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A host that has not registered again for this long is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Push:HostExpiry must be between 5 s and 1 h.")]
    public TimeSpan HostExpiry { get; set; } = TimeSpan.FromSeconds(60);
}
