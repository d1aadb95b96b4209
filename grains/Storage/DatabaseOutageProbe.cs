using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.Storage;

/// <summary>
/// While PostgreSQL is out, tries it at once and then every <see cref="DatabaseOutageOptions.ProbeInterval"/>
/// with a <c>select 1</c> on a fresh connection of its own (a pooled one may be a dead one from before),
/// and ends the outage when it answers. The connections pooled before the outage are dropped then, so
/// the writers start again on fresh ones rather than each failing once on a dead one.
/// </summary>
public sealed class DatabaseOutageProbe : BackgroundService
{
    private readonly DatabaseOutage _outage;
    private readonly NpgsqlDataSource _pooled;
    private readonly NpgsqlDataSource _probe;
    private readonly IOptions<DatabaseOutageOptions> _options;
    private readonly TimeProvider _time;

    public DatabaseOutageProbe(string connectionString, DatabaseOutage outage, NpgsqlDataSource pooled, IOptions<DatabaseOutageOptions> options, TimeProvider time)
    {
        (_outage, _pooled, _options, _time) = (outage, pooled, options, time);
        var interval = options.Value.ProbeInterval;
        _probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(interval.TotalSeconds)),
        });
    }

    public override void Dispose()
    {
        _probe.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _outage.WhenOpened.WaitAsync(stoppingToken);
                while (_outage.IsOpen)
                {
                    var startedAt = _time.GetUtcNow();
                    if (await AnswersAsync(stoppingToken))
                    {
                        _pooled.Clear();
                        NpgsqlConnection.ClearAllPools(); // Orleans' providers pool by connection string
                        _outage.ReportSuccess(startedAt);
                        break;
                    }

                    await Task.Delay(_options.Value.ProbeInterval, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.Value.ProbeInterval, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await using var command = _probe.CreateCommand("select 1");
            await command.ExecuteScalarAsync(deadline.Token);
            return true;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is NpgsqlException or OperationCanceledException or TimeoutException or IOException or InvalidOperationException)
        {
            return false;
        }
    }
}
