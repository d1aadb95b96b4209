using Microsoft.Extensions.Configuration;
using Monitoring.Census;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Silo.Hosting;
using Orleans.TestingHost;

namespace Monitoring.IntegrationTests.Grains;

/// <summary>An in-process Orleans test cluster whose grains keep their state in a real PostgreSQL database.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>A new patient admitted to bed 1 of a new unit; answers the patient id.</summary>
    public async Task<string> AdmittedPatientAsync()
    {
        var patientId = WardClient.NewId("p");
        Assert.Equal(AdmissionOutcome.Admitted, await Grains.GetPatient(patientId).AdmitAsync(new Admission(WardClient.NewId("unit"), "1")));
        return patientId;
    }

    /// <summary>A new patient admitted to a new unit, with a new device bound to them.</summary>
    public async Task<(IPatientGrain Patient, IDeviceGrain Device)> BedAsync()
    {
        var patientId = await AdmittedPatientAsync();
        var device = Grains.GetDevice(WardClient.NewId("dev"));
        Assert.Equal(BindingOutcome.Bound, await device.BindAsync(patientId));
        return (Grains.GetPatient(patientId), device);
    }

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync();
        var builder = new TestClusterBuilder(1);
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = Database.ApplicationConnectionString,
            ["Snapshots:Interval"] = "00:01:00",
        }));
        builder.AddSiloBuilderConfigurator<MonitoringGrainsConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class MonitoringGrainsConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddMonitoringGrains(siloBuilder.Configuration["Database:ConnectionString"]!, siloBuilder.Configuration);
    }
}
