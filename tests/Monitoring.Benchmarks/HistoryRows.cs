using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>Readings in the vitals history for a run's patients, once the silos' write-behind queue has drained.</summary>
public static class HistoryRows
{
    /// <summary>Counts the readings of patients whose id starts with <paramref name="patientPrefix"/>, until there are <paramref name="expected"/> or <paramref name="drain"/> has passed.</summary>
    public static async Task<long> CountWhenDrainedAsync(NpgsqlDataSource database, string patientPrefix, long expected, TimeSpan drain)
    {
        await using var command = database.CreateCommand("select coalesce(sum(cardinality(signs)), 0) from vitals_batches where patient_id like $1");
        command.Parameters.AddWithValue(patientPrefix + "%");
        var deadline = DateTimeOffset.UtcNow + drain;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        long stored;
        while ((stored = (long)(await command.ExecuteScalarAsync())!) < expected && DateTimeOffset.UtcNow < deadline)
        {
            await poll.WaitForNextTickAsync();
        }

        return stored;
    }
}
