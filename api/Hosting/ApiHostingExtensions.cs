using Monitoring.Hosting;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitoring.Api.Adt;
using Monitoring.Api.AlarmManager;
using Monitoring.Api.Alarms;
using Monitoring.Api.Analytics;
using Monitoring.Api.Audit;
using Monitoring.Api.Devices;
using Monitoring.Api.Diagnostics;
using Monitoring.Api.Gateways;
using Monitoring.Api.Fhir;
using Monitoring.Api.Health;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Mllp;
using Monitoring.Api.Patients;
using Monitoring.Api.Push;
using Monitoring.Api.Replay;
using Monitoring.Api.Security;
using Monitoring.Api.Stays;
using Monitoring.Api.Streams;
using Monitoring.Api.Units;
using Monitoring.Api.Vitals;
using Monitoring.Api.Watchdog;
using Monitoring.Api.WebPush;
using Monitoring.Configuration;
using Monitoring.History;
using Monitoring.Mllp;
using Monitoring.Telemetry;
using Npgsql;
using OpenTelemetry.Trace;
using Orleans.Configuration;

namespace Monitoring.Api.Hosting;

/// <summary>The api host's wiring: Orleans client, JSON, problem details, SignalR, health and endpoints.</summary>
public static class ApiHostingExtensions
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddMonitoringApi(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MonitoringClusterOptions>().Bind(configuration.GetSection(MonitoringClusterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var connectionString = DatabaseSettings.RequiredConnectionString(configuration);
        var cluster = configuration.GetSection(MonitoringClusterOptions.Section).Get<MonitoringClusterOptions>() ?? new();
        builder.Services.AddOptions<ClusterTlsOptions>().Bind(configuration.GetSection(ClusterTlsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var tls = ClusterTls.SettingsNow(configuration);

        var connectionSignal = new ClusterConnectionSignal();
        builder.Services.AddSingleton(connectionSignal);
        builder.UseOrleansClient(client =>
        {
            if (tls.Enabled)
            {
                client.UseClusterTls(tls);
            }

            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", DatabaseSettings.ForStatelessUse(connectionString, "monitoring-api", "membership", 0.1)));
            // A restarted silo is found within seconds, not the default minute.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // A request caught on a gateway that died is answered 503 after this, not Orleans' 30 s.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
            // A grain that could not load its state fails with the database driver's exception (a 503 here).
            client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
            client.UseConnectionRetryFilter<ConnectionRetryFilter>();
            client.AddClusterConnectionStatusObserver(connectionSignal);
            // Carries the request's trace into the grains, so alarm history rows name it.
            client.AddActivityPropagation();
        });

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // Reads (history, alarms, census) and the audit trail.
        services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseSettings.ForUse(connectionString, "monitoring-api", "queries", 0.9)));
        services.AddSingleton<UnitDirectory>();
        services.AddSingleton<AlarmHistoryQuery>();
        services.AddSingleton<AlarmReplayStore>();
        services.AddSingleton<AlarmAnalyticsQuery>();
        services.AddSingleton<CareAccess>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedSignIns>();
        services.AddHostedService(sp => sp.GetRequiredService<FailedSignIns>());
        services.AddSingleton<GatewayRegistry>();
        services.AddSingleton<RefusedMllpMessages>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusedMllpMessages>());
        // The audit trail's partition span: a row dated where no partition exists has one made here.
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMonitoringAuthentication(configuration);
        services.AddMonitoringRateLimits(configuration);
        services.AddTrustedProxies(configuration);
        services.AddClosedCors(configuration);
        // No body anywhere is larger than this; each endpoint has its own smaller limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 2 * 1024 * 1024);
        services.AddSingleton<VitalsHistoryQuery>();
        services.AddSingleton<StayQuery>();
        services.AddSingleton<FhirHistoryStore>();
        services.AddSingleton<FhirObservationWalk>();
        services.AddOptions<FhirOptions>().Bind(configuration.GetSection(FhirOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DeviceClockReporter>();
        services.AddSingleton<ReadingIntake>();
        services.AddSingleton<OpenStreams>();
        services.AddSingleton<RefusedGatewayBatches>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusedGatewayBatches>());
        services.AddOptions<MllpOptions>().Bind(configuration.GetSection(MllpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MllpOptions>, MllpOptionsValidator>();
        services.AddSingleton<MllpConnectionSecurity>();
        services.AddSingleton<IMllpMessageHandler, Hl7MessageHandler>();
        services.AddHostedService<MllpListener>();
        services.AddAdtFeed(configuration);
        services.AddAlarmManagerStatuses(configuration);
        services.AddPatientDataRedaction(builder.Logging, configuration);
        services.AddMonitoringTelemetry(
            configuration,
            tracing => tracing.AddAspNetCoreInstrumentation(),
            metrics => metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"));
        // Escalations pushed to on-call phones (Web Push), beside the hub; off without VAPID keys.
        services.AddWebPush(configuration);
        services.AddSingleton<PushFaults>();
        services.AddOptions<FaultHookOptions>().Bind(configuration.GetSection(FaultHookOptions.Section));
        // A test of the deployment may slow this host's pushes; refused unless the fault hooks are on.
        services.AddOptions<PushDelayOptions>().Bind(configuration.GetSection(PushDelayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushDelayOptions>, PushDelayOptionsValidator>();
        services.AddSingleton<SignalRPushObserver>();
        services.AddSingleton<PushRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<PushRegistration>());

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddSingleton<PatientWatchers>();
        services.AddSingleton<HubRateLimit>();
        services.AddSignalR(o => o.AddFilter<HubRateLimit>()).AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        services.AddProblemDetails();
        services.AddMonitoringOpenApi();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<WatchdogHealthCheck>("alarm-path", tags: [ReadyTag]);
        services.AddWatchdog(configuration);
        return builder;
    }

    public static WebApplication MapMonitoringApi(this WebApplication app)
    {
        // First: everything after sees the client's address (from a trusted proxy's X-Forwarded-For).
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The dashboard's files hold no patient data and are public; everything they read needs a token.
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors(CorsSetup.Policy);
        // Devices' and gateways' streams (docs/streams.md); a stream whose sender no longer answers pings is closed.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(60) });
        app.UseAuthentication();
        app.UseRateLimiter(); // after sign-in, so that each device and person has its own budget
        app.UseAuthorization();

        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        // Metrics hold no patient data; Prometheus scrapes without a token (keep the port inside the cluster).
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapMonitoringOpenApi();
        MonitoringTelemetry.ObserveQueueDepth("audit", () => app.Services.GetRequiredService<AuditTrail>().Depth);
        app.MapMeEndpoints();
        app.MapAuditEndpoints();
        app.MapPatientEndpoints();
        app.MapDeviceEndpoints();
        app.MapGatewayEndpoints();
        app.MapLocationEndpoints();
        app.MapStreamEndpoints();
        app.MapUnitEndpoints();
        app.MapAlarmReplayEndpoints();
        app.MapAlarmEndpoints();
        app.MapAlarmAnalyticsEndpoints();
        app.MapVitalsEndpoints();
        app.MapStayEndpoints();
        app.MapFhirEndpoints();
        app.MapWebPushEndpoints();
        app.MapWatchdogEndpoints();
        // A connection lasts no longer than the token that opened it (checked on each message and keep-alive).
        app.MapHub<MonitoringHub>(MonitoringHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }

    /// <summary>camelCase names and enums as lower-case words ("high", "physiological"), as in API.md.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new VitalValueJsonConverter());
    }
}
