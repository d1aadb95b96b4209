namespace Monitoring.History;

/// <summary>The rule every partition span follows, whichever table it is for.</summary>
public static class PartitionSpans
{
    /// <summary>
    /// Null when <paramref name="span"/> can be a partition's span: whole minutes that divide a day, or whole
    /// days up to 31 (partitions are aligned to UTC midnight); else the message naming <paramref name="key"/>.
    /// </summary>
    public static string? Problem(string key, TimeSpan span)
    {
        var day = TimeSpan.FromDays(1);
        return span < TimeSpan.FromMinutes(1) || span > TimeSpan.FromDays(31)
            || (span < day ? day.Ticks % span.Ticks : span.Ticks % day.Ticks) != 0
            || span.Ticks % TimeSpan.TicksPerMinute != 0
            ? $"{key} must be whole minutes that divide a day (00:01:00 to 1.00:00:00), or whole days up to 31; it is {span}."
            : null;
    }
}
