using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.History;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Storage;

namespace Monitoring.IntegrationTests.Storage;

/// <summary>The history's parts on a test database, as a silo wires them, with a clock the test can set.</summary>
public sealed class HistoryStore(TestDatabase database)
{
    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public IOptions<VitalsHistoryOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new VitalsHistoryOptions());

    public HistoryTables Tables => field ??= new HistoryTables(database.DataSource, Options, NullLoggerFactory.Instance);

    public MinuteRollup Rollup => new(database.DataSource, Tables, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Options, Clock, NullLogger<MinuteRollup>.Instance);

    public HistoryRetention Retention => new(database.DataSource, Options, new DatabaseOutage(Clock, NullLogger<DatabaseOutage>.Instance), Clock, NullLogger<HistoryRetention>.Instance);

    private VitalSignIds SignIds => field ??= new VitalSignIds(database.DataSource);

    /// <summary>Stores one batch as the silo's writer would: as batch rows, its partitions made first.</summary>
    public async Task StoreAsync(params VitalRecord[] batch)
    {
        var rows = VitalsRows.From(batch);
        await Tables.Vitals.EnsureAsync(rows.Select(r => r.MeasuredFrom), CancellationToken.None);
        var signs = await SignIds.IdsAsync(rows, CancellationToken.None);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await VitalsBatchCopy.CopyAsync(connection, rows, signs, CancellationToken.None);
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
