using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Storage;

namespace Monitoring.UnitTests.Storage;

/// <summary>A grain's write from its turn: never waited on while the database is out, at most StallAfter otherwise, never two at once.</summary>
public sealed class BoundedWriteTests
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly DatabaseOutage _outage;
    private readonly BoundedWrite _snapshot;
    private int _started;

    public BoundedWriteTests()
    {
        _outage = new DatabaseOutage(_time, NullLogger<DatabaseOutage>.Instance);
        _snapshot = new BoundedWrite("patient_snapshot", _outage, StallAfter, _time);
    }

    [Fact]
    public async Task A_write_the_database_takes_is_made()
    {
        Assert.True(await _snapshot.TryAsync(() => Start(Task.CompletedTask)));
        Assert.Equal(1, _started);
        Assert.False(_outage.IsOpen);
    }

    [Fact]
    public async Task A_stalled_write_is_left_to_finish_after_the_turn_and_begins_the_outage()
    {
        var database = new TaskCompletionSource();
        var turn = _snapshot.TryAsync(() => Start(database.Task));
        Assert.False(turn.IsCompleted);

        _time.Advance(StallAfter);

        Assert.False(await turn.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(_outage.IsOpen);
    }

    [Fact]
    public async Task A_refused_connection_begins_the_outage_and_the_write_is_put_off()
    {
        Assert.False(await _snapshot.TryAsync(() => Start(Task.FromException(new SocketException((int)SocketError.ConnectionRefused)))));
        Assert.True(_outage.IsOpen);
    }

    [Fact]
    public async Task While_the_database_is_out_no_write_is_started()
    {
        _outage.ReportFailure("vitals_history", new IOException("reset"));

        Assert.False(await _snapshot.TryAsync(() => Start(Task.CompletedTask)));
        Assert.Equal(0, _started);
    }

    [Fact]
    public async Task A_write_the_caller_must_wait_for_is_refused_at_once_while_the_database_is_out()
    {
        _outage.ReportFailure("vitals_history", new IOException("reset"));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => _snapshot.MustAsync(() => Start(Task.CompletedTask)));
        Assert.Equal(0, _started);
    }

    [Fact]
    public async Task No_second_write_starts_while_a_stalled_one_is_still_under_way_even_after_the_outage()
    {
        var database = new TaskCompletionSource();
        var turn = _snapshot.TryAsync(() => Start(database.Task));
        _time.Advance(StallAfter);
        await turn.WaitAsync(TimeSpan.FromSeconds(5));
        _outage.ReportSuccess(_time.GetUtcNow());

        Assert.False(await _snapshot.TryAsync(() => Start(Task.CompletedTask)));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _snapshot.MustAsync(() => Start(Task.CompletedTask)));
        Assert.Equal(1, _started);

        database.SetResult();
        await _snapshot.SettleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _snapshot.TryAsync(() => Start(Task.CompletedTask)));
        Assert.Equal(2, _started);
    }

    private Task Start(Task write)
    {
        _started++;
        return write;
    }
}
