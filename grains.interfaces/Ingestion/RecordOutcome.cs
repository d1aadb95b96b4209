namespace Monitoring.Ingestion;

/// <summary>What a patient did with readings given to it.</summary>
[GenerateSerializer, Alias("monitoring.record-outcome")]
public enum RecordOutcome
{
    Accepted = 1,

    /// <summary>The patient is not admitted, or the device is not attached to them; nothing was taken.</summary>
    NotAdmitted = 2,

    /// <summary>The history cannot take more right now; nothing was taken and the sender should resend later.</summary>
    Busy = 3,
}
