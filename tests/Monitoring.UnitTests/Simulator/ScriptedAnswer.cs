using System.Net;

namespace Monitoring.UnitTests.Simulator;

/// <summary>How the scripted api answers one readings request.</summary>
/// <param name="Status">202 stores the batch (once) and answers it; anything else stores nothing.</param>
/// <param name="RetryAfter">Sent as Retry-After.</param>
/// <param name="TimesOut">The batch is stored, but the device never hears so: its request times out.</param>
/// <param name="HeldUntil">The answer waits for this, so a test can act while the batch is on its way.</param>
public sealed record ScriptedAnswer(HttpStatusCode Status, TimeSpan? RetryAfter = null, bool TimesOut = false, Task? HeldUntil = null)
{
    public static ScriptedAnswer Take { get; } = new(HttpStatusCode.Accepted);

    public static ScriptedAnswer TakeButTimeOut { get; } = new(HttpStatusCode.Accepted, TimesOut: true);

    /// <summary>503, as when the vitals buffer is full or the cluster cannot be reached.</summary>
    public static ScriptedAnswer Unavailable(TimeSpan? retryAfter = null) => new(HttpStatusCode.ServiceUnavailable, retryAfter);

    public static ScriptedAnswer Refuse(HttpStatusCode status) => new(status);
}
