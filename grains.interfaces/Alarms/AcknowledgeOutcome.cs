namespace Monitoring.Alarms;

/// <summary>What became of an acknowledgement.</summary>
[GenerateSerializer, Alias("monitoring.acknowledge-outcome")]
public enum AcknowledgeOutcome
{
    Acknowledged = 1,

    /// <summary>Someone had acknowledged it already; nothing changed.</summary>
    AlreadyAcknowledged = 2,

    /// <summary>No open alarm has that id (it never existed, or it has resolved).</summary>
    NotFound = 3,
}
