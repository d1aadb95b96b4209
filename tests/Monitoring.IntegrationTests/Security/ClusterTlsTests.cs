using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Configuration;
using Monitoring.IntegrationTests.EndToEnd;
using Monitoring.IntegrationTests.Infrastructure;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// The silos take Orleans clients over TLS only, from holders of a certificate the cluster's authority
/// issued: a process that reaches the gateway port cannot call grains past the api's sign-in and audit.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class ClusterTlsTests(RunningSystem system)
{
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_client_without_TLS_or_with_a_certificate_from_another_authority_cannot_call_a_grain_while_a_member_can()
    {
        using var stranger = new ClusterCertificates();

        Assert.False(await CanCallAsync(null), "a client without TLS called a grain");
        Assert.False(await CanCallAsync(stranger), "a client with another authority's certificate called a grain");
        Assert.True(await CanCallAsync(system.ClusterCertificates), "the cluster's own certificate was refused");
    }

    /// <summary>Connects an Orleans client straight to the first silo's gateway and pings a grain.</summary>
    private async Task<bool> CanCallAsync(ClusterCertificates? certificates)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (certificates is not null)
            {
                var tls = new ClusterTlsOptions { CertificatePath = certificates.CertificatePath, KeyPath = certificates.KeyPath, AuthorityPath = system.ClusterCertificates.AuthorityPath };
                // A stranger trusts our authority (it could have the public certificate); it is its own that is refused.
                client.UseClusterTls(tls);
            }

            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, system.GatewayPort));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (system.ClusterId, system.ClusterId));
        });
        using var host = builder.Build();
        using var stop = new CancellationTokenSource(Refusal);
        try
        {
            await host.StartAsync(stop.Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IPingGrain>(0).PingAsync().WaitAsync(stop.Token);
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or OrleansException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
