using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.History;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Stored history written straight into <c>vitals_batches</c> (binary COPY, in the partitions the silos would
/// make), as a monitor at 1 Hz leaves it: a row a second with heart rate and SpO2, and every quarter hour a
/// blood pressure (systolic, diastolic, mean) in a row of its own at the same second. A day is 86,400 rows in
/// seconds, where posting them would take the test an hour.
/// </summary>
public static class HistorySeed
{
    /// <summary>Seconds between blood pressures.</summary>
    public const int BloodPressureEvery = 900;

    /// <summary>Writes <paramref name="seconds"/> seconds from <paramref name="from"/>; answers how many Observations they make (a blood pressure is a panel and a mean).</summary>
    public static async Task<long> OneHertzAsync(TestDatabase database, string patientId, string deviceId, DateTimeOffset from, int seconds)
    {
        ArgumentNullException.ThrowIfNull(database);
        var dataSource = database.DataSource;
        var tables = new HistoryTables(dataSource, Options.Create(new VitalsHistoryOptions()), Options.Create(new RetentionOptions()), NullLoggerFactory.Instance);
        await tables.Vitals.EnsureAsync(tables.Vitals.StartsBetween(from, from.AddSeconds(seconds)), CancellationToken.None);

        var ids = new Dictionary<string, short>();
        await using (var signs = dataSource.CreateCommand("select code, id from vital_signs"))
        await using (var reader = await signs.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids[reader.GetString(0)] = reader.GetInt16(1);
            }
        }

        short[] monitor = [ids["hr"], ids["spo2"]];
        short[] pressure = [ids["sbp"], ids["dbp"], ids["map"]];
        var source = "device:" + deviceId;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy vitals_batches (patient_id, measured_from, source, batch_id, measured_to, received_at, signs, sign_values) from stdin (format binary)");
        long observations = 0;
        for (var s = 0; s < seconds; s++)
        {
            var at = from.AddSeconds(s);
            await RowAsync(copy, patientId, at, source, s, monitor, [Heart(s), 95 + (s % 4)]);
            observations += 2;
            if (s % BloodPressureEvery == 0)
            {
                await RowAsync(copy, patientId, at, source, -1 - s, pressure, [120, 80, 93]);
                observations += 2;
            }
        }

        await copy.CompleteAsync();
        return observations;
    }

    /// <summary>The heart rate stored at second <paramref name="s"/>: 60 to 89, so neighbours differ.</summary>
    public static double Heart(int s) => 60 + (s % 30);

    private static async Task RowAsync(NpgsqlBinaryImporter copy, string patientId, DateTimeOffset at, string source, long batchId, short[] signs, double[] values)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(patientId, NpgsqlDbType.Text);
        await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(source, NpgsqlDbType.Text);
        await copy.WriteAsync(batchId, NpgsqlDbType.Bigint);
        await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(signs, NpgsqlDbType.Array | NpgsqlDbType.Smallint);
        await copy.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Double);
    }
}
