using Orleans.Dashboard;
using Monitoring.Hosting;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitoring.AlarmManager;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.History;
using Monitoring.Configuration;
using Monitoring.Patients;
using Monitoring.Push;
using Monitoring.Silo.AlarmManager;
using Monitoring.Silo.Database;
using Monitoring.Storage;
using Npgsql;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Monitoring.Silo.Hosting;

/// <summary>The silo's wiring: options, PostgreSQL, Orleans providers and the grains' services.</summary>
public static class SiloHostingExtensions
{
    private const string AdoNetInvariant = "Npgsql";

    /// <summary>How the silo names itself to PostgreSQL (<c>application_name</c>, before the use of the connection).</summary>
    private const string Process = "monitoring-silo";

    /// <summary>Everything a production silo needs, from configuration.</summary>
    public static IHostApplicationBuilder AddMonitoringSilo(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SiloEndpointOptions>().Bind(configuration.GetSection(SiloEndpointOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MonitoringClusterOptions>().Bind(configuration.GetSection(MonitoringClusterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ClusterTlsOptions>().Bind(configuration.GetSection(ClusterTlsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddPatientDataRedaction(builder.Logging, configuration);
        builder.Services.AddMonitoringTelemetry(configuration);

        // Checked before Orleans starts, so that a stale schema stops the silo with a clear message.
        builder.Services.AddHostedService<SchemaGate>();

        var connectionString = DatabaseSettings.RequiredConnectionString(configuration);
        var endpoints = EndpointsNow(configuration);
        var cluster = configuration.GetSection(MonitoringClusterOptions.Section).Get<MonitoringClusterOptions>() ?? new();
        var tls = ClusterTls.SettingsNow(configuration);

        builder.UseOrleans(silo =>
        {
            if (tls.Enabled)
            {
                silo.UseClusterTls(tls);
            }

            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            silo.UseSiloEndpoints(configuration, endpoints);
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, DatabaseSettings.ForStatelessUse(connectionString, Process, "membership", 0.1)));
            // Failure detection (how fast a dead silo's grains move): Orleans' defaults unless "Membership" says otherwise.
            silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Membership"));
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
            silo.AddMonitoringGrains(connectionString, configuration);
            // Carries the trace of the HTTP request into the grains, so alarm history rows name it.
            silo.AddActivityPropagation();
            // The Orleans Dashboard for operators, served on the operator port (SiloOperations).
            silo.AddDashboard();
        });
        return builder;
    }

    /// <summary>
    /// Grain storage, reminders and the services the grains use. Shared with the test clusters, which
    /// bring their own membership.
    /// </summary>
    public static ISiloBuilder AddMonitoringGrains(this ISiloBuilder silo, string connectionString, IConfiguration configuration)
    {
        var snapshots = DatabaseSettings.ForStatelessUse(connectionString, Process, "snapshots", 0.4);
        silo.AddAdoNetGrainStorage(StorageNames.Provider, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = snapshots;
            // Orleans' own serializer honours the [Id] of every member, so stored snapshots survive renames.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, DatabaseSettings.ForStatelessUse(connectionString, Process, "reminders", 0.1)));
        // The strongly consistent grain directory: when a silo dies, the directory ranges it held are
        // rebuilt from the survivors before anyone looks a grain up in them, so a patient grain is never
        // activated twice. Orleans' default directory allows a second activation for some seconds after a
        // silo is lost; two activations of a patient evaluate its alarms apart and fail each other's
        // snapshot writes (seen in the soak as 500s up to 13 s after a silo SIGKILL). Marked experimental
        // in Orleans 10.4; it is the directory Orleans' own docs describe as superseding the old one.
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        // How long the grains of a silo that crashed stay unregistrable ("GrainDirectory:RangeLeaseDuration",
        // counted from the estimated moment of the crash, which Orleans puts 4 × ProbeTimeout ×
        // NumMissedProbesLimit before the declaration); see docs/CONFIGURATION.md.
        silo.Configure<GrainDirectoryOptions>(configuration.GetSection("GrainDirectory"));
        silo.AddIncomingGrainCallFilter<StorageOutageCallFilter>();
        // A grain that cannot even load its state (PostgreSQL out) fails its caller with the driver's
        // exception; let it cross to the api, which answers 503, instead of failing to serialise.
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

        var services = silo.Services;
        services.AddSingleton(TimeProvider.System);
        // History, census, alarm history and the history jobs.
        services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseSettings.ForStatelessUse(connectionString, Process, "history", 0.4)));
        // One outage state for every writer of the silo; the probe ends it when PostgreSQL answers again.
        services.AddSingleton<DatabaseOutage>();
        services.AddSingleton<TurnWrites>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseOutageProbe>(sp, DatabaseSettings.ForUse(connectionString, Process, "probe", 1)));
        services.AddOptions<DatabaseOutageOptions>().Bind(configuration.GetSection(DatabaseOutageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ICensusRegistry, PostgresCensusRegistry>();
        services.AddSingleton<IAlarmHistory, PostgresAlarmHistory>();
        services.AddSingleton<HistoryTables>();
        services.AddSingleton<VitalSignIds>();
        services.AddSingleton<PartitionMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<PartitionMaintenance>());
        services.AddHostedService<LegacyHistoryMover>();
        services.AddSingleton<MinuteRollup>();
        services.AddHostedService(sp => sp.GetRequiredService<MinuteRollup>());
        services.AddSingleton<HistoryRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryRetention>());
        services.AddSingleton<PostgresVitalsHistory>();
        services.AddSingleton<IVitalsHistory>(sp => sp.GetRequiredService<PostgresVitalsHistory>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresVitalsHistory>());
        services.AddOptions<VitalsHistoryOptions>().Bind(configuration.GetSection(VitalsHistoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlarmClockOptions>().Bind(configuration.GetSection(AlarmClockOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SnapshotOptions>().Bind(configuration.GetSection(SnapshotOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Monitoring.Diagnostics.DiagnosticsOptions>().Bind(configuration.GetSection(Monitoring.Diagnostics.DiagnosticsOptions.Section));
        services.AddPatientGrains();
        services.AddSingleton<Monitoring.Scheduling.WakeUps>();
        services.AddHostedService(sp => sp.GetRequiredService<Monitoring.Scheduling.WakeUps>());
        // Alarms out to the hospital's alarm manager (IHE PCD-04), sent by one silo at a time.
        services.AddOptions<AlarmManagerOptions>().Bind(configuration.GetSection(AlarmManagerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AlarmManagerLink>(sp, DatabaseSettings.ForUse(connectionString, Process, "alarm-manager", 0.02)));
        services.AddHostedService(sp => sp.GetRequiredService<AlarmManagerLink>());
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<IPushOutbox>(sp => sp.GetRequiredService<PushOutbox>());
        services.AddHostedService(sp => sp.GetRequiredService<PushOutbox>());
        services.AddOptions<PushOptions>().Bind(configuration.GetSection(PushOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // What-if replays of alarm limits over the stored history, queued by the api (issue 20).
        services.AddOptions<Monitoring.Replay.ReplayOptions>().Bind(configuration.GetSection(Monitoring.Replay.ReplayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Monitoring.Replay.ReplayJobs>();
        services.AddSingleton<Monitoring.Replay.ReplayHistory>();
        services.AddHostedService<Monitoring.Replay.AlarmReplayWorker>();
        return silo;
    }

    // Orleans takes the endpoints when it is configured, before validation at start: check them now.
    private static SiloEndpointOptions EndpointsNow(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>() ?? new();
        var failures = new List<ValidationResult>();
        return Validator.TryValidateObject(endpoints, new ValidationContext(endpoints), failures, validateAllProperties: true)
            ? endpoints
            : throw new OptionsValidationException(SiloEndpointOptions.Section, typeof(SiloEndpointOptions), [.. failures.Select(f => f.ErrorMessage ?? "")]);
    }
}
