using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>Readings in the vitals history for a run's patients, once the silos' write-behind queue has drained.</summary>
public static class HistoryRows
{
    /// <summary>The longest the count is waited for while it still grows: a silo writing a backlog has lost nothing.</summary>
    public static readonly TimeSpan LongestWhileWritten = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Counts the readings of patients whose id starts with <paramref name="patientPrefix"/>, until there are
    /// <paramref name="expected"/>, or the count has not grown for <paramref name="drain"/> (the silos have
    /// nothing more to write), or <see cref="LongestWhileWritten"/> has passed.
    /// </summary>
    public static async Task<long> CountWhenDrainedAsync(NpgsqlDataSource database, string patientPrefix, long expected, TimeSpan drain)
    {
        await using var command = database.CreateCommand("select coalesce(sum(cardinality(signs)), 0) from vitals_batches where patient_id like $1");
        command.Parameters.AddWithValue(patientPrefix + "%");
        var started = DateTimeOffset.UtcNow;
        var grewAt = started;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        long stored = -1;
        while (true)
        {
            var now = (long)(await command.ExecuteScalarAsync())!;
            if (now > stored)
            {
                (stored, grewAt) = (now, DateTimeOffset.UtcNow);
            }

            if (stored >= expected || DateTimeOffset.UtcNow - grewAt >= drain || DateTimeOffset.UtcNow - started >= LongestWhileWritten)
            {
                return stored;
            }

            await poll.WaitForNextTickAsync();
        }
    }
}
