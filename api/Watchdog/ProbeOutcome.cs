namespace Monitoring.Api.Watchdog;

/// <summary>What became of one probe's alarm at this host's hub client.</summary>
public enum ProbeOutcome
{
    /// <summary>It arrived within <c>Watchdog:LateAfter</c>.</summary>
    Arrived = 1,

    /// <summary>It arrived, later than that but before the next probe.</summary>
    Late = 2,

    /// <summary>It had not arrived when the next probe was due (or the probe could not be sent).</summary>
    Missing = 3,
}
