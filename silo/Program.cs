using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Silo.Database;
using Monitoring.Silo.Hosting;

// `Monitoring.Silo migrate` applies the schema migrations and exits; without arguments it runs the silo.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddMonitoringSilo();
using var host = builder.Build();

if (args is ["migrate"])
{
    var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    Console.WriteLine($"Database schema is at version {MigrationCatalog.ExpectedVersion} ({applied} migration(s) applied).");
    return 0;
}

host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(SiloReady.Announce(host.Services));
try
{
    await host.RunAsync();
    return 0;
}
catch (SchemaOutOfDateException exception)
{
    // A refusal to start, not a crash: one clear line, no stack trace.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}
