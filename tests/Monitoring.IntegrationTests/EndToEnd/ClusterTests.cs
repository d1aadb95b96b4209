using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class ClusterTests(RunningSystem system)
{
    [Fact]
    public async Task A_second_silo_with_other_ports_joins_the_same_cluster()
    {
        await using var second = await system.StartAdditionalSiloAsync();

        var active = await Poll.UntilAsync(
            async () =>
            {
                var count = await system.Database.ScalarAsync<long>("select count(*) from orleansmembershiptable where status = 3");
                return count >= 2 ? count : (long?)null;
            },
            TimeSpan.FromSeconds(30),
            "two active silos in the membership table");
        Assert.True(active >= 2);

        await second.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, second.ExitCode);
    }
}
