namespace Monitoring.Storage;

/// <summary>
/// Turns a database outage that escapes a grain call into <see cref="StorageUnavailableException"/>,
/// so the caller learns "try again later" rather than receiving a driver exception it cannot read.
/// </summary>
public sealed class StorageOutageCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(call);
    }

    private static async Task AwaitAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is not StorageUnavailableException && Outages.IsDatabaseOutage(e))
        {
            throw new StorageUnavailableException();
        }
    }
}
