using Microsoft.Extensions.Hosting;

namespace Monitoring.Silo.Database;

/// <summary>
/// Refuses to let the silo start against a database whose schema is older than this build needs.
/// Registered before Orleans, so it runs before any provider reads its queries.
/// </summary>
internal sealed class SchemaGate(SchemaMigrator migrator) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var current = await migrator.CurrentVersionAsync(cancellationToken);
        if (current < MigrationCatalog.ExpectedVersion || (await migrator.MissingVersionsAsync(cancellationToken)).Count > 0)
        {
            throw new SchemaOutOfDateException(current, MigrationCatalog.ExpectedVersion);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
