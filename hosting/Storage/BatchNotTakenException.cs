namespace Monitoring.Storage;

/// <summary>
/// A batch that went to the cluster with others and whose own call to its device failed there: whether it was taken
/// is not known, so it is never answered as taken. <see cref="Kind"/> is how the silo classified the failure, which
/// <see cref="Outages.Classify"/> answers for it; sent again, a batch already taken is a duplicate.
/// </summary>
public sealed class BatchNotTakenException : Exception
{
    public BatchNotTakenException()
        : this(FailureKind.ClusterUnavailable)
    {
    }

    public BatchNotTakenException(string message)
        : base(message)
    {
        Kind = FailureKind.ClusterUnavailable;
    }

    public BatchNotTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = FailureKind.ClusterUnavailable;
    }

    public BatchNotTakenException(FailureKind kind)
        : base($"The batch was not taken ({kind}); send it again.")
    {
        Kind = kind;
    }

    public FailureKind Kind { get; }
}
