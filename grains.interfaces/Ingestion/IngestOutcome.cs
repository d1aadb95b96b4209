namespace Monitoring.Ingestion;

/// <summary>What became of a reading batch.</summary>
[GenerateSerializer, Alias("monitoring.ingest-outcome")]
public enum IngestOutcome
{
    Accepted = 1,

    /// <summary>The batch's sequence was already taken; nothing changed.</summary>
    Duplicate = 2,

    /// <summary>The device is unknown or bound to no patient; nothing was stored.</summary>
    DeviceNotBound = 3,

    /// <summary>The system cannot take more right now; nothing was stored, send it again later.</summary>
    Busy = 4,
}
