using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Monitoring.Storage;

/// <summary>
/// What a grain uses to write to PostgreSQL from its turns without waiting on it while it is out: one
/// <see cref="BoundedWrite"/> per kind of write, and a <see cref="SnapshotWriter{TState}"/> for its state.
/// </summary>
public sealed class TurnWrites(DatabaseOutage outage, IOptions<DatabaseOutageOptions> options, TimeProvider time, IServiceProvider services)
{
    public DatabaseOutage Outage => outage;

    /// <summary>A write of one kind (<paramref name="write"/> names it in metrics and logs) for one grain activation.</summary>
    public BoundedWrite Bounded(string write) => new(write, outage, options.Value.StallAfter, time);

    /// <summary>The snapshot writer of one grain activation, from the version (ETag) its state was read with.</summary>
    public SnapshotWriter<TState> Snapshot<TState>(string stateName, GrainId grain, string? etag, string write) =>
        new(services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider), stateName, grain, etag,
            services.GetRequiredService<DeepCopier<TState>>(), services.GetRequiredService<Serializer<TState>>(), Bounded(write));
}
