using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>
/// Bytes on disk per stored reading (tables and indexes): the batch rows of <c>vitals_batches</c>, against
/// the same readings stored as the previous release did, one row each with its unique index (copied into
/// a scratch table and dropped again).
/// </summary>
public sealed record HistoryFootprint(long Readings, long BatchRowBytes, long OneRowPerReadingBytes)
{
    public double BatchRowBytesPerReading => Readings == 0 ? double.NaN : BatchRowBytes / (double)Readings;

    public double OneRowPerReadingBytesPerReading => Readings == 0 ? double.NaN : OneRowPerReadingBytes / (double)Readings;

    public static async Task<HistoryFootprint> MeasureAsync(NpgsqlDataSource database)
    {
        var readings = await ScalarAsync(database, "select coalesce(sum(cardinality(signs)), 0)::bigint from vitals_batches");
        var batches = await ScalarAsync(database, "select coalesce(sum(pg_total_relation_size(relid)), 0)::bigint from pg_partition_tree('vitals_batches')");
        await ScalarAsync(database, """
            drop table if exists benchmark_one_row_per_reading;
            create table benchmark_one_row_per_reading (like vitals_history including all);
            insert into benchmark_one_row_per_reading select patient_id, source, code, value, unit, measured_at, plausible, received_at from vitals_readings;
            select 0::bigint
            """);
        var oneRowEach = await ScalarAsync(database, "select pg_total_relation_size('benchmark_one_row_per_reading')");
        await ScalarAsync(database, "drop table benchmark_one_row_per_reading; select 0::bigint");
        return new HistoryFootprint(readings, batches, oneRowEach);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 600;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
