namespace Monitoring.Storage;

/// <summary>
/// A grain call failed because PostgreSQL could not be reached. Nothing the call did was stored; the
/// caller may send it again later (the api answers 503 with Retry-After). It replaces the database
/// driver's exception, which carries server details and cannot cross to the api.
/// </summary>
[GenerateSerializer]
[Alias("monitoring.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : this("The database is unreachable; nothing was stored. Send the request again later.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
