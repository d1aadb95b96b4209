using System.Collections.Immutable;

namespace Monitoring.Alarms;

/// <summary>
/// Whether observing a condition that is clear would change anything. It would not when the condition has no open
/// alarm, no breach waiting out its delay and (for a ladder) no hand-over waiting: the observation only forgets a
/// pending breach there is none of. Callers skip building such observations, which is most of every batch of a stable
/// patient; what the engine decides is the same.
/// </summary>
public sealed partial class AlarmEngine
{
    /// <summary>
    /// True when nothing is open or pending for the ladder or any of its <paramref name="tiers"/>' codes (an alarm stored
    /// before its tiers existed has no ladder yet), and no hand-over waits on it.
    /// </summary>
    public bool IsQuiet(string ladder, ImmutableArray<AlarmLimit> tiers)
    {
        if (book.Handoffs.Count > 0 && book.Handoffs.Contains(ladder))
        {
            return false;
        }

        foreach (var alarm in book.Open)
        {
            if (alarm.Ladder == ladder || IsTier(tiers, alarm.Code))
            {
                return false;
            }
        }

        if (book.Pending.Count > 0)
        {
            foreach (var pending in book.Pending.Values)
            {
                if (pending.Ladder == ladder || IsTier(tiers, pending.Code))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when nothing is open or pending for the condition of <paramref name="code"/> (of <paramref name="deviceId"/>, for a device's).</summary>
    public bool IsQuiet(string code, string? deviceId)
    {
        foreach (var alarm in book.Open)
        {
            if (alarm.Code == code && alarm.DeviceId == deviceId)
            {
                return false;
            }
        }

        if (book.Pending.Count > 0)
        {
            foreach (var pending in book.Pending.Values)
            {
                if (pending.Code == code && pending.DeviceId == deviceId)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when no alarm is open and no breach pending under <paramref name="conditionKey"/>.</summary>
    public bool IsQuietKey(string conditionKey)
    {
        foreach (var alarm in book.Open)
        {
            if (alarm.ConditionKey == conditionKey)
            {
                return false;
            }
        }

        return book.Pending.Count == 0 || !book.Pending.ContainsKey(conditionKey);
    }

    private static bool IsTier(ImmutableArray<AlarmLimit> tiers, string code)
    {
        foreach (var tier in tiers)
        {
            if (tier.Code == code)
            {
                return true;
            }
        }

        return false;
    }
}
