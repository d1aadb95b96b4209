using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>An Orleans client of the test's own, to ask the cluster where a grain lives.</summary>
public sealed class ClusterProbe : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterProbe(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static Task<ClusterProbe> ConnectAsync(RunningSystem system) =>
        ConnectAsync(system.ClusterId, system.ClusterId, system.Database.ConnectionString, system.ClusterCertificates.Folder);

    /// <param name="tlsFolder">Where the cluster's TLS files are (authority, member certificate and key): the silos take no client without them.</param>
    public static async Task<ClusterProbe> ConnectAsync(string clusterId, string serviceId, string connectionString, string tlsFolder)
    {
        var tls = LocalClusterCertificates.In(tlsFolder);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseClusterTls(tls);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterProbe(host);
    }

    /// <summary>The silo port of the silo that holds the grain's activation.</summary>
    public async Task<int> SiloPortOfAsync(IAddressable grain) =>
        (await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain))?.Endpoint.Port
            ?? throw new InvalidOperationException("The grain has no activation.");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
