using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Monitoring.Benchmarks;

/// <summary>The benchmark's own Orleans client: for the grain-call baseline and the silos' memory.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterConnection> ConnectAsync(string database, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // The cluster's TLS, when deploy/benchmark.sh turned it on for the silo (Cluster__Tls__*).
        var tls = Monitoring.Configuration.ClusterTls.SettingsNow(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (tls.Enabled)
            {
                Monitoring.Configuration.ClusterTls.UseClusterTls(client, tls);
            }

            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterConnection(host);
    }

    /// <summary>
    /// The managed heap of the silo, in bytes, right after a full collection: what grains cost. Read
    /// by a grain on the silo itself, because the runtime statistics are sampled and lag behind a
    /// collection. The benchmark runs one silo.
    /// </summary>
    public Task<long> SiloMemoryAfterCollectionAsync() => Client.GetGrain<IPingGrain>(0).CollectAndMeasureHeapAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
