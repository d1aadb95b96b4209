using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

public sealed class SchemaGateTests
{
    [Fact]
    public async Task The_silo_refuses_to_start_against_an_older_schema_and_says_why()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync(schemaVersion: 1);
        await using var silo = HostProcess.Start(RepositoryLayout.SiloAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Silo__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("schema is at version 1, but this silo needs version", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_the_second_time_even_in_a_container_without_the_token_settings()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var migrate = HostProcess.Start(RepositoryLayout.SiloAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Database__ApplicationRole"] = TestPostgres.ApplicationRole,
            // As the silo image sets it: a serving silo would then need Auth settings, a migration does not.
            ["Operations__Urls"] = $"http://+:{FreePorts.Next()}",
        }, "migrate");

        Assert.Equal(0, await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("(0 migration(s) applied)", migrate.Output, StringComparison.Ordinal);
        Assert.Equal((long)Monitoring.Silo.Database.MigrationCatalog.All.Count, await database.ScalarAsync<long>("select count(*) from schema_migrations"));
    }
}
