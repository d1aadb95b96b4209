using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Alarms;
using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>
/// The history's parts on a test database, as a silo wires them (connected as the application's role, which
/// owns nothing), with a clock the test can set.
/// </summary>
public sealed class HistoryStore(TestDatabase database)
{
    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public IOptions<VitalsHistoryOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new VitalsHistoryOptions());

    public IOptions<RetentionOptions> RetentionOptions { get; } = Microsoft.Extensions.Options.Options.Create(new RetentionOptions());

    public HistoryTables Tables => field ??= new HistoryTables(database.ApplicationDataSource, Options, RetentionOptions, NullLoggerFactory.Instance);

    public MinuteRollup Rollup => new(database.ApplicationDataSource, Tables, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Options, Clock, NullLogger<MinuteRollup>.Instance);

    public HistoryRetention Retention => new(database.ApplicationDataSource, Tables, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Clock, NullLogger<HistoryRetention>.Instance);

    public PartitionMaintenance Maintenance => new(Tables, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Options, Clock, NullLogger<PartitionMaintenance>.Instance);

    /// <summary>The silo's alarm history writer.</summary>
    public PostgresAlarmHistory AlarmHistory =>
        new(database.ApplicationDataSource, Tables, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Clock,
            Microsoft.Extensions.Options.Options.Create(new Monitoring.AlarmManager.AlarmManagerOptions()), NullLogger<PostgresAlarmHistory>.Instance);

    private VitalSignIds SignIds => field ??= new VitalSignIds(database.ApplicationDataSource);

    /// <summary>Stores one batch as the silo's writer would: as batch rows, its partitions made first.</summary>
    public async Task StoreAsync(params VitalRecord[] batch)
    {
        var rows = VitalsRows.From(batch);
        await Tables.Vitals.EnsureAsync(rows.Select(r => r.MeasuredFrom), CancellationToken.None);
        var signs = await SignIds.IdsAsync(rows, CancellationToken.None);
        await using var connection = await database.ApplicationDataSource.OpenConnectionAsync();
        await VitalsBatchCopy.CopyAsync(connection, rows, signs, CancellationToken.None);
    }

    /// <summary>Stores audit rows dated <paramref name="times"/> as a writer of the trail does: their partitions made first.</summary>
    public async Task AuditAsync(string action, params DateTimeOffset[] times)
    {
        await Tables.AuditTrail.WriteAsync(times, async token =>
        {
            await using var command = database.ApplicationDataSource.CreateCommand(
                "insert into audit_events (at, subject, roles, action, resource, outcome) select t, 'nurse-1', 'nurse', $2, 'patient/p-1', 'success' from unnest($1::timestamptz[]) t");
            command.Parameters.Add(new NpgsqlParameter { Value = times.Select(t => t.UtcDateTime).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = action });
            await command.ExecuteNonQueryAsync(token);
        }, CancellationToken.None);
    }

    /// <summary>An alarm's transition as the patient grain hands it to the history.</summary>
    public static AlarmHistoryEntry Transition(string alarmId, int n, DateTimeOffset at)
    {
        var alarm = new AlarmView(alarmId, "p-1", "icu-3w", "3", AlarmKind.Physiological, "hr-high", AlarmPriority.Medium, AlarmState.Active, 142, at, null, null, Escalated: false, Vital: "hr", DeviceId: "00A1");
        return new AlarmHistoryEntry($"{alarmId}#{n}", alarm, null, "raised", null, at, null);
    }

    public static VitalRecord Reading(string patient, string code, double value, DateTimeOffset at, bool plausible = true) =>
        new(patient, "device:00A1", code, value, at, plausible, at.AddMilliseconds(30));
}

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
