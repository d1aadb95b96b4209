using Npgsql;

namespace Monitoring.Benchmarks.Soak;

/// <summary>
/// Every acknowledged batch looked for in <c>vitals_readings</c>, by device and measurement time: lost
/// (acknowledged, no row), partly stored (fewer rows than readings), stored more than once (more rows
/// than readings), and stored though never acknowledged (its answer never reached the device).
/// </summary>
public sealed record HistoryCheck(
    long Acknowledged, long Stored, long Lost, long Partial, long StoredTwice, long StoredNotAcknowledged, long DuplicateAcknowledgements, IReadOnlyList<string> LostExamples)
{
    /// <summary>Waits up to <paramref name="drain"/> for the rows of every acknowledged batch, then compares batch by batch.</summary>
    public static async Task<HistoryCheck> RunAsync(NpgsqlDataSource database, SoakWard ward, AcknowledgedBatches ledger, TimeSpan drain)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(ward);
        ArgumentNullException.ThrowIfNull(ledger);
        var expected = Enumerable.Range(0, ledger.Devices).Select(ledger.Of).ToArray();
        var acknowledged = expected.Sum(e => (long)e.Count);
        await HistoryRows.CountWhenDrainedAsync(database, ward.PatientPrefix, acknowledged * SoakWard.ReadingsPerBatch, drain);

        var stored = Enumerable.Range(0, ledger.Devices).Select(_ => new Dictionary<long, long>()).ToArray();
        await using (var command = database.CreateCommand(
            "select patient_id, measured_at, count(*) from vitals_readings where patient_id like $1 and source like 'device:%' group by patient_id, measured_at"))
        {
            command.Parameters.AddWithValue(ward.PatientPrefix + "%");
            command.CommandTimeout = 600;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (ward.DeviceOf(reader.GetString(0)) is { } device)
                {
                    stored[device][reader.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds()] = reader.GetInt64(2);
                }
            }
        }

        long found = 0, lost = 0, partial = 0, twice = 0, unacknowledged = 0;
        var examples = new List<string>();
        for (var device = 0; device < ledger.Devices; device++)
        {
            foreach (var at in expected[device])
            {
                var rows = stored[device].GetValueOrDefault(at);
                if (rows == 0 && ++lost <= 5)
                {
                    examples.Add($"{ward.Bed(device).DeviceId} at {DateTimeOffset.FromUnixTimeMilliseconds(at):O}");
                }

                found += rows > 0 ? 1 : 0;
                partial += rows is > 0 && rows < SoakWard.ReadingsPerBatch ? 1 : 0;
            }

            twice += stored[device].Values.Count(rows => rows > SoakWard.ReadingsPerBatch);
            unacknowledged += stored[device].Keys.Count(at => !expected[device].Contains(at));
        }

        return new HistoryCheck(acknowledged, found, lost, partial, twice, unacknowledged, ledger.Duplicates, examples);
    }
}
