using Orleans.Serialization;
using Orleans.Storage;

namespace Monitoring.Storage;

/// <summary>
/// Writes a grain's snapshot through its storage provider from a copy taken in the turn. A write the
/// turn has stopped waiting for (see <see cref="BoundedWrite"/>) then finishes in the background while
/// the grain goes on changing its state: Orleans' own <c>WriteStateAsync</c> would serialise the live
/// state only once it has a connection, on another thread. Keeps the snapshot's version (ETag) itself,
/// from the one read at activation.
/// </summary>
public sealed class SnapshotWriter<TState>(
    IGrainStorage storage,
    string stateName,
    GrainId grain,
    string? etag,
    DeepCopier<TState> copier,
    BoundedWrite write)
{
    private string? _etag = etag;

    /// <summary>Writes now unless the database is out or stalls; <c>false</c> when put off.</summary>
    public Task<bool> TrySaveAsync(TState state) => write.TryAsync(() => WriteCopyAsync(state));

    /// <summary>Writes and waits to the end; refused at once while the database is out.</summary>
    public Task SaveAsync(TState state) => write.MustAsync(() => WriteCopyAsync(state));

    /// <summary>
    /// On deactivation (a silo draining, say): waits for a write still under way, then writes and waits to
    /// the end, unless the database is out. A failure is not thrown: the grain is going whatever happens.
    /// </summary>
    public async Task SaveBeforeLeavingAsync(TState state, CancellationToken cancellationToken)
    {
        await write.SettleAsync(cancellationToken);
        try
        {
            await write.MustAsync(() => WriteCopyAsync(state)).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception) || exception is OperationCanceledException or InconsistentStateException)
        {
            // Nothing more can be done: the next activation starts from the last snapshot written (on a
            // conflict, from the one another activation wrote while the cluster changed).
        }
    }

    private async Task WriteCopyAsync(TState state)
    {
        // Copied here, before the first await, so within the turn.
        var copy = new GrainState<TState>(copier.Copy(state), _etag);
        await storage.WriteStateAsync(stateName, grain, copy);
        _etag = copy.ETag;
    }
}
