using Orleans.Serialization;
using Orleans.Storage;

namespace Monitoring.Storage;

/// <summary>
/// Writes a grain's snapshot through its storage provider from a copy taken in the turn. A write the
/// turn has stopped waiting for (see <see cref="BoundedWrite"/>) then finishes in the background while
/// the grain goes on changing its state: Orleans' own <c>WriteStateAsync</c> would serialise the live
/// state only once it has a connection, on another thread. Keeps the snapshot's version (ETag) itself,
/// from the one read at activation.
/// A write whose answer was lost (the connection cut after PostgreSQL committed it, in an outage) leaves
/// this version one behind the stored one, and the next write meets a conflict. Then the stored snapshot is
/// read: when it is the one this writer sent without an answer, that write was stored after all, and the
/// next goes on from its version. A snapshot written by anyone else is a real conflict, and is thrown.
/// </summary>
public sealed class SnapshotWriter<TState>(
    IGrainStorage storage,
    string stateName,
    GrainId grain,
    string? etag,
    DeepCopier<TState> copier,
    Serializer<TState> serializer,
    BoundedWrite write)
{
    private string? _etag = etag;

    // The last snapshot sent whose answer never came, in case it was stored all the same.
    private TState? _unanswered;
    private bool _hasUnanswered;

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
        try
        {
            await storage.WriteStateAsync(stateName, grain, copy);
        }
        catch (InconsistentStateException) when (_hasUnanswered)
        {
            if (!await StoredIsUnansweredAsync())
            {
                throw;
            }

            copy.ETag = _etag;
            await WriteAnsweredAsync(copy);
            return;
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            (_unanswered, _hasUnanswered) = (copy.State, true);
            throw;
        }

        Answered(copy);
    }

    private async Task WriteAnsweredAsync(GrainState<TState> copy)
    {
        try
        {
            await storage.WriteStateAsync(stateName, grain, copy);
        }
        catch (Exception exception) when (Outages.IsDatabaseOutage(exception))
        {
            (_unanswered, _hasUnanswered) = (copy.State, true);
            throw;
        }

        Answered(copy);
    }

    private void Answered(GrainState<TState> copy)
    {
        _etag = copy.ETag;
        (_unanswered, _hasUnanswered) = (default, false);
    }

    /// <summary>Whether the stored snapshot is the one sent without an answer; if so, its version is taken.</summary>
    private async Task<bool> StoredIsUnansweredAsync()
    {
        var stored = new GrainState<TState>();
        await storage.ReadStateAsync(stateName, grain, stored);
        if (!stored.RecordExists || !serializer.SerializeToArray(stored.State).AsSpan().SequenceEqual(serializer.SerializeToArray(_unanswered!)))
        {
            return false;
        }

        _etag = stored.ETag;
        return true;
    }
}
