using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Storage;
using Npgsql;
using Orleans.Storage;

namespace Monitoring.UnitTests.Storage;

/// <summary>The silo's one outage state: what opens it, what closes it, and what a writer hears meanwhile.</summary>
public sealed class DatabaseOutageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly DatabaseOutage _outage;

    public DatabaseOutageTests() => _outage = new DatabaseOutage(_time, NullLogger<DatabaseOutage>.Instance);

    [Fact]
    public void A_write_that_cannot_reach_the_database_opens_the_outage_for_every_writer()
    {
        _outage.ReportFailure("patient_snapshot", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.True(_outage.IsOpen);
        Assert.True(_outage.WhenOpened.IsCompleted);
        Assert.Throws<StorageUnavailableException>(_outage.ThrowIfOpen);
    }

    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("57P01")] // the server is shutting down
    [InlineData("53300")] // too many connections
    public void A_server_that_is_going_or_full_opens_it(string sqlState)
    {
        _outage.ReportFailure("census", new PostgresException("going away", "FATAL", "FATAL", sqlState));

        Assert.True(_outage.IsOpen);
    }

    [Fact]
    public void An_error_the_database_answered_with_or_a_version_conflict_does_not_open_it()
    {
        _outage.ReportFailure("alarm_history", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"));
        _outage.ReportFailure("patient_snapshot", new InconsistentStateException("someone else wrote the state"));
        _outage.ReportFailure("census", new InvalidOperationException("a bug"));

        Assert.False(_outage.IsOpen);
        Assert.False(_outage.WhenOpened.IsCompleted);
        _outage.ThrowIfOpen();
    }

    [Fact]
    public void Only_an_answer_to_a_request_sent_after_the_outage_began_ends_it()
    {
        var sentBefore = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _outage.ReportFailure("vitals_history", new TimeoutException("stalled"));
        _time.Advance(TimeSpan.FromSeconds(3));

        _outage.ReportSuccess(sentBefore);
        Assert.True(_outage.IsOpen);

        _outage.ReportSuccess(_time.GetUtcNow());
        Assert.False(_outage.IsOpen);
        Assert.False(_outage.WhenOpened.IsCompleted); // the next outage is awaited afresh
    }

    [Fact]
    public async Task A_writer_waiting_for_the_end_of_the_outage_goes_on_when_it_ends()
    {
        _outage.ReportFailure("vitals_history", new IOException("reset"));
        var waiting = _outage.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);

        _outage.ReportSuccess(_time.GetUtcNow());

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
