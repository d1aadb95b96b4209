using System.Net.Sockets;
using Monitoring.Storage;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Monitoring.UnitTests.Storage;

/// <summary>The one decision every way in (HTTP, FHIR, MLLP) makes about a failure: send it again later, or not.</summary>
public sealed class OutagesTests
{
    public static TheoryData<string, Exception, FailureKind> Failures => new()
    {
        { "PostgreSQL refused the connection", new NpgsqlException("Failed to connect", new SocketException(111)), FailureKind.DatabaseOut },
        { "a grain could not load its state", new OrleansException("Error activating", new NpgsqlException("Failed to connect")), FailureKind.DatabaseOut },
        { "our own refusal while the database is out", new StorageUnavailableException(), FailureKind.DatabaseOut },
        { "the silo is gone", new SiloUnavailableException(), FailureKind.ClusterUnavailable },
        { "no response in time", new TimeoutException("Response did not arrive on time"), FailureKind.ClusterUnavailable },
        { "the directory cancelled a lookup to a silo being declared dead", new OperationCanceledException(), FailureKind.ClusterUnavailable },
        { "another activation wrote the state first", new InconsistentStateException("Version conflict", "17", "18"), FailureKind.StateMoved },
        { "a bug in a grain", new InvalidOperationException("a bug"), FailureKind.Fault },
        { "a bad argument", new ArgumentException("bad"), FailureKind.Fault },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_is_told_apart(string what, Exception failure, FailureKind expected)
    {
        Assert.True(expected == Outages.Classify(failure), $"{what}: {Outages.Classify(failure)}, expected {expected}");
        Assert.Equal(expected != FailureKind.Fault, Outages.IsTransient(failure));
    }

    [Fact]
    public void A_write_conflict_is_not_a_database_outage_for_the_grains_writers()
    {
        Assert.False(Outages.IsDatabaseOutage(new InconsistentStateException("Version conflict", "17", "18")));
        Assert.True(Outages.IsDatabaseOutage(new NpgsqlException("Failed to connect", new SocketException(111))));
        Assert.False(Outages.IsDatabaseOutage(new InvalidOperationException("a bug")));
    }
}
