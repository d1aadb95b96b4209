namespace Monitoring.Hl7;

/// <summary>
/// How an HL7 time that carries no offset is read: at one fixed offset (<c>Mllp:AssumedOffset</c>), or as the
/// local time of a time zone with its daylight-saving rules (<c>Mllp:TimeZone</c>). A local time the clocks skip
/// when they spring forward names no moment and is not read. A local time they pass twice when they fall back is
/// taken as the earlier of its two moments (the daylight-saving offset): the sender cannot tell us which it meant,
/// and the earlier moment never dates a reading ahead of when it can have been taken.
/// </summary>
public sealed class AssumedTimeZone
{
    private readonly TimeSpan? _offset;
    private readonly TimeZoneInfo? _zone;

    private AssumedTimeZone(TimeSpan? offset, TimeZoneInfo? zone)
    {
        _offset = offset;
        _zone = zone;
    }

    /// <summary>UTC: what a time without an offset means when nothing is configured.</summary>
    public static AssumedTimeZone Utc { get; } = new(TimeSpan.Zero, null);

    /// <summary>A fixed offset: whole minutes, at most 14 hours from UTC (what <see cref="DateTimeOffset"/> takes).</summary>
    public static AssumedTimeZone FixedOffset(TimeSpan offset)
    {
        if (offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is whole minutes within 14 hours of UTC.");
        }

        return new(offset, null);
    }

    /// <summary>A time zone with its daylight-saving rules, e.g. <c>Europe/London</c>.</summary>
    public static AssumedTimeZone Of(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new(null, zone);
    }

    /// <summary>
    /// The zone with this id as this machine knows it (IANA ids such as <c>Europe/London</c>; Windows ids only where
    /// the operating system knows them); false for an id it does not know.
    /// </summary>
    public static bool TryFind(string id, out AssumedTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(id);
        zone = Utc;
        if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found))
        {
            return false;
        }

        zone = Of(found);
        return true;
    }

    /// <summary>
    /// The offset of <paramref name="localTime"/> (a wall-clock time, its kind ignored). False when the zone's clocks
    /// skip that time, or when the zone's offset then was not whole minutes (local mean time before 1900-ish).
    /// </summary>
    public bool TryGetOffset(DateTime localTime, out TimeSpan offset)
    {
        offset = _offset ?? TimeSpan.Zero;
        if (_zone is not { } zone)
        {
            return true;
        }

        var wallClock = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wallClock))
        {
            return false;
        }

        // Of the two offsets a repeated hour has, the larger one gives the earlier moment.
        offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return offset.Ticks % TimeSpan.TicksPerMinute == 0;
    }

    public override string ToString() => _zone?.Id ?? $"UTC{(_offset < TimeSpan.Zero ? "-" : "+")}{_offset:hh\\:mm}";
}
