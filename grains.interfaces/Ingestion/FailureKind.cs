namespace Monitoring.Storage;

/// <summary>What a failure that reached a caller means for the sender of the request.</summary>
[GenerateSerializer, Alias("monitoring.failure-kind")]
public enum FailureKind
{
    /// <summary>Not an outage: a bug or a refusal; sending the same request again will not help.</summary>
    Fault,

    /// <summary>PostgreSQL could not be reached, so nothing was stored; send it again later.</summary>
    DatabaseOut,

    /// <summary>The silo holding the grain is gone, or did not answer in time; send it again later.</summary>
    ClusterUnavailable,

    /// <summary>
    /// Another activation of the grain wrote its state first (only while the cluster changes): Orleans
    /// deactivates the one that lost, so the same request sent again reaches the one that stays.
    /// </summary>
    StateMoved,
}
