using Monitoring.Hosting;
using Npgsql;

namespace Monitoring.UnitTests.Storage;

public sealed class DatabaseUseTests
{
    private const string Given = "Host=db;Database=monitoring;Username=monitoring;Password=secret";

    [Fact]
    public void A_database_administrator_sees_which_process_and_which_use_holds_each_connection()
    {
        var history = new NpgsqlConnectionStringBuilder(DatabaseSettings.ForUse(Given, "monitoring-silo", "history", 0.4));
        var named = new NpgsqlConnectionStringBuilder(DatabaseSettings.ForUse(Given + ";Application Name=ward-3", "monitoring-silo", "history", 0.4));

        Assert.Equal("monitoring-silo:history", history.ApplicationName);
        Assert.Equal("ward-3:history", named.ApplicationName);
        Assert.Equal(("db", "secret"), (history.Host, history.Password));
    }

    [Fact]
    public void The_pools_of_one_process_together_open_no_more_connections_than_the_operator_allowed()
    {
        int Max(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;
        var shares = new[] { 0.4, 0.4, 0.1, 0.1 };

        Assert.Equal(100, shares.Sum(share => Max(DatabaseSettings.ForUse(Given, "monitoring-silo", "x", share))));
        Assert.Equal(50, shares.Sum(share => Max(DatabaseSettings.ForUse(Given + ";Maximum Pool Size=50", "monitoring-silo", "x", share))));
    }

    [Fact]
    public void Orleans_connections_keep_their_prepared_statements_and_skip_the_reset_unless_the_operator_said_otherwise()
    {
        var orleans = new NpgsqlConnectionStringBuilder(DatabaseSettings.ForStatelessUse(Given, "monitoring-silo", "snapshots", 0.4));
        var told = new NpgsqlConnectionStringBuilder(DatabaseSettings.ForStatelessUse(Given + ";No Reset On Close=false;Max Auto Prepare=0", "monitoring-silo", "snapshots", 0.4));

        Assert.Equal((true, 32), (orleans.NoResetOnClose, orleans.MaxAutoPrepare));
        Assert.Equal((false, 0), (told.NoResetOnClose, told.MaxAutoPrepare));
    }
}
