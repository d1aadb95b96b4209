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
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterConnection(host);
    }

    /// <summary>The managed memory of all silos, in bytes, after a full collection.</summary>
    public async Task<long> SiloMemoryAfterCollectionAsync()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        await management.ForceGarbageCollection(silos);
        var statistics = await management.GetRuntimeStatistics(silos);

        // The managed heap right after a collection, which is what a grain's state costs; the suggested
        // replacement is a smoothed figure that lags behind a collection.
#pragma warning disable CS0618
        return statistics.Sum(s => s.MemoryUsage ?? 0);
#pragma warning restore CS0618
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
