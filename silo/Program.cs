using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitoring.Configuration;
using Monitoring.Hosting;
using Monitoring.History;
using Monitoring.Silo.Database;
using Monitoring.Silo.Hosting;
using Monitoring.Storage;
using Monitoring.Telemetry;

// `Monitoring.Silo migrate` applies the schema migrations and exits; `Monitoring.Silo retention [--as-of <time>]`
// drops what is past its retention (as it will be then) and exits; `Monitoring.Silo audit verify [--anchor <s>:<hash>]`
// checks the audit trail's hash chain and exits; `Monitoring.Silo cluster-certificates <folder>` makes a local
// authority and member certificate for TLS inside the cluster (unless there); without arguments it runs the silo.
try
{
    if (args is ["cluster-certificates", var folder])
    {
        // For a machine or a compose project of its own: a hospital's authority issues these in production.
        var made = LocalClusterCertificates.Ensure(folder);
        Console.WriteLine($"Cluster TLS: {made.CertificatePath} and {made.KeyPath}, issued by {made.AuthorityPath}.");
        return 0;
    }

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddMonitoringSilo();
    // The commands (migrate, retention, audit) serve nothing: no operator port, and none of its settings
    // (a container's exposed port would otherwise ask a migration for the token settings).
    var serving = args.Length == 0;
    if (serving)
    {
        builder.AddSiloOperations();
    }

    await using var app = builder.Build();
    // Every setting is checked before anything starts: on its own the host checks them after Orleans has joined the cluster.
    app.Services.GetRequiredService<IStartupValidator>().Validate();

    if (args is ["migrate"])
    {
        var applied = await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        Console.WriteLine($"Database schema is at version {MigrationCatalog.ExpectedVersion} ({applied} migration(s) applied).");
        return 0;
    }

    if (args is ["retention", .. var retentionArguments])
    {
        return await RetentionCommand.RunAsync(app.Services, retentionArguments);
    }

    if (args is ["audit", .. var auditArguments])
    {
        return await AuditCommand.RunAsync(app.Services, auditArguments);
    }

    app.MapSiloOperations();
    MonitoringTelemetry.ObserveQueueDepth("vitals_history", () => app.Services.GetRequiredService<PostgresVitalsHistory>().Depth);
    MonitoringTelemetry.ObserveDatabaseOutage(() => app.Services.GetRequiredService<DatabaseOutage>().IsOpen);
    app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(SiloReady.Announce(app.Services));
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is SchemaOutOfDateException or ApplicationRoleException)
{
    // A refusal to start, not a crash: one clear line, no stack trace.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}
catch (Exception exception) when (SettingsFailure.Describe(exception) is { } failure)
{
    // A bad setting: each failure names its key (docs/CONFIGURATION.md lists them all).
    await Console.Error.WriteLineAsync(failure);
    return 2;
}
