namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Requests sent over some seconds: <see cref="Prompt"/> were answered (any HTTP status) within
/// <see cref="TrafficSeconds.Prompt"/>; the other fields say how each ended.
/// </summary>
public sealed record TrafficCounts(
    long Sent = 0, long Prompt = 0, long Accepted = 0, long Unavailable = 0, long TooMany = 0, long OtherStatus = 0,
    long TimedOut = 0, long ConnectionFailed = 0, long LongestWaitMs = 0)
{
    /// <summary>Answers that were not 2xx.</summary>
    public long Refused => Unavailable + TooMany + OtherStatus;

    /// <summary>Requests that did not end in a 2xx: refused, timed out or not connected.</summary>
    public long NotAccepted => Refused + TimedOut + ConnectionFailed;

    public double PromptShare => Sent == 0 ? double.NaN : (double)Prompt / Sent;

    public TrafficCounts Add(TrafficCounts other) => new(
        Sent + other.Sent, Prompt + other.Prompt, Accepted + other.Accepted, Unavailable + other.Unavailable,
        TooMany + other.TooMany, OtherStatus + other.OtherStatus, TimedOut + other.TimedOut,
        ConnectionFailed + other.ConnectionFailed, Math.Max(LongestWaitMs, other.LongestWaitMs));
}
