using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.History;
using Monitoring.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Benchmarks;

/// <summary>How long one kind of trend took to answer over HTTP, as a nurse's page asks for it.</summary>
public sealed record TrendLatency(string Range, int Queries, int PointsPerAnswer, int MinutesPerPoint, double P50Ms, double P99Ms, double MaxMs);

/// <summary>A day's partition of full-resolution batches dropped by retention while a ward streamed.</summary>
public sealed record PartitionDrop(IReadOnlyList<string> Partitions, long Readings, long Bytes, double Seconds, WardResult During);

/// <summary>What was loaded and what was measured.</summary>
public sealed record HistoryAtScaleResult(
    int Beds, int Days, long MinuteRows, long TenMinuteRows, long RecentBatchRows, long DayBatchRows, double LoadSeconds, IReadOnlyList<TrendLatency> Trends, PartitionDrop? Drop);

/// <summary>
/// The history of a large ward over days, loaded by binary COPY rather than streamed (streaming a week
/// would take a week), then read and cut as a hospital would: a nurse's 24-hour and 7-day trends of one
/// patient over HTTP, and retention dropping a whole day of full-resolution readings while another ward
/// streams. Loaded:
/// <list type="bullet">
/// <item>minute trends of five vitals for every bed over <c>days</c>, minute by minute as the roll-up
/// writes them (what 24-hour and longer trends read);</item>
/// <item>every reading (1 Hz batches of five vitals) of the last two hours (what shorter ranges read);</item>
/// <item>one day past the 96-hour window at full resolution, as one-minute batch rows (a gateway's
/// batches; per-second rows for a day of 500 beds, 43 million of them, would take this machine's disk
/// and most of an hour to load), for retention to drop.</item>
/// </list>
/// Loaded rows are dated as stored before the minute roll-up's watermark, so the roll-up leaves them alone.
/// </summary>
public sealed class HistoryAtScale(HttpClient http, Uri api, NpgsqlDataSource database, int beds, int days, string run)
{
    private static readonly string[] Codes = ["hr", "spo2", "rr", "sbp", "temp"];
    private static readonly double[] Typical = [78, 96, 16, 124, 37.0];
    private static readonly double[] Swing = [12, 2, 3, 14, 0.5];
    private const int Queries = 200;

    private string Patient(int i) => string.Create(CultureInfo.InvariantCulture, $"h{run}-p{i:D4}");

    public async Task<HistoryAtScaleResult> MeasureAsync(Func<WardLoad> streamingWard, TimeSpan warmup, TimeSpan duration)
    {
        Console.WriteLine($"History at scale: admitting {beds} patients, loading {days} day(s) of minute trends, two hours of every reading and a day past retention by COPY ...");
        await Concurrently.ForEachAsync(beds, i => SetUpRequests.PostAsync(http, new Uri(api, "/api/v1/patients"),
            new { patientId = Patient(i), unitId = string.Create(CultureInfo.InvariantCulture, $"h{run}-u{i / 25}"), bed = ((i % 25) + 1).ToString(CultureInfo.InvariantCulture) }));

        var now = DateTimeOffset.UtcNow;
        var thisMinute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var pastDay = today.AddDays(-5);
        var loading = Stopwatch.StartNew();
        var signs = await new VitalSignIds(database).IdsAsync(Codes, CancellationToken.None);
        var storedAt = await StoredBeforeRollupAsync();
        var options = Options.Create(new VitalsHistoryOptions());
        var tables = new HistoryTables(database, options, Options.Create(new RetentionOptions()), NullLoggerFactory.Instance);
        await tables.Minutes.EnsureAsync(tables.Minutes.StartsBetween(thisMinute.AddDays(-days), thisMinute), CancellationToken.None);
        await tables.TenMinutes.EnsureAsync(tables.TenMinutes.StartsBetween(thisMinute.AddDays(-days), thisMinute), CancellationToken.None);
        await tables.Vitals.EnsureAsync([pastDay, thisMinute.AddHours(-2), thisMinute], CancellationToken.None);

        var minuteRows = await LoadMinutesAsync(signs, thisMinute.AddDays(-days), thisMinute);
        var tenMinuteRows = await TenMinutesFromMinutesAsync(thisMinute.AddDays(-days), thisMinute);
        var recentRows = await LoadSecondsAsync(signs, thisMinute.AddHours(-2), thisMinute, storedAt);
        var dayRows = await LoadMinuteBatchesAsync(signs, pastDay, pastDay.AddDays(1), storedAt);
        // As autovacuum does on its own over days of inserts: the planner's statistics, and pages marked
        // all-visible so that trends are read from the key alone.
        await ExecuteAsync("vacuum (analyze) vitals_minutes");
        await ExecuteAsync("vacuum (analyze) vitals_ten_minutes");
        await ExecuteAsync("vacuum (analyze) vitals_batches");
        loading.Stop();
        Console.WriteLine($"  loaded {minuteRows:N0} minute rows, {tenMinuteRows:N0} ten-minute rows, {recentRows:N0} + {dayRows:N0} batch rows in {loading.Elapsed.TotalSeconds:0} s");

        var trends = new List<TrendLatency>
        {
            await TrendAsync("24 hours", now.AddHours(-24), now),
            await TrendAsync("7 days", now.AddDays(-7), now),
            await TrendAsync("1 hour of heart rate, every reading", now.AddHours(-1), now, "hr"),
        };
        foreach (var trend in trends)
        {
            Console.WriteLine($"  {trend.Range}: p50 {trend.P50Ms:0.0} ms, p99 {trend.P99Ms:0.0} ms, max {trend.MaxMs:0.0} ms ({trend.PointsPerAnswer:N0} points an answer)");
        }

        var drop = await DropWhileStreamingAsync(streamingWard(), tables, pastDay, dayRows * Codes.Length * 60, warmup, duration);
        return new HistoryAtScaleResult(beds, days, minuteRows, tenMinuteRows, recentRows, dayRows, loading.Elapsed.TotalSeconds, trends, drop);
    }

    private async Task<DateTime> StoredBeforeRollupAsync()
    {
        await using var command = database.CreateCommand("select rolled_up_to from history_rollups where name = 'vitals_minutes'");
        var watermark = (DateTime)(await command.ExecuteScalarAsync())!;
        // Before the watermark: the roll-up has passed it and never takes these rows in (their minutes are loaded).
        return (watermark == DateTime.MinValue ? DateTime.UtcNow.AddHours(-3) : watermark.AddMinutes(-1)).ToUniversalTime();
    }

    private static double Value(int patient, int sign, long minute) =>
        Math.Round(Typical[sign] + (Swing[sign] * Math.Sin((minute / 90.0) + patient + sign)), 1);

    private async Task<long> LoadMinutesAsync(short[] signs, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy vitals_minutes (patient_id, minute, sign, low, high, total, readings, last, last_at) from stdin (format binary)");
        long rows = 0;
        // Minute by minute, every bed in each, as the roll-up writes them: a patient's week is spread over
        // the table as it would be, not packed together.
        for (var minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            var m = minute.ToUnixTimeSeconds() / 60;
            for (var p = 0; p < beds; p++)
            {
                var patient = Patient(p);
                for (var s = 0; s < signs.Length; s++)
                {
                    var value = Value(p, s, m);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(patient, NpgsqlDbType.Text);
                    await copy.WriteAsync(minute.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(signs[s], NpgsqlDbType.Smallint);
                    await copy.WriteAsync(value - Swing[s] / 10, NpgsqlDbType.Double);
                    await copy.WriteAsync(value + Swing[s] / 10, NpgsqlDbType.Double);
                    await copy.WriteAsync(value * 60, NpgsqlDbType.Double);
                    await copy.WriteAsync(60, NpgsqlDbType.Integer);
                    await copy.WriteAsync(value, NpgsqlDbType.Double);
                    await copy.WriteAsync(minute.AddSeconds(59).UtcDateTime, NpgsqlDbType.TimestampTz);
                    rows++;
                }
            }
        }

        await copy.CompleteAsync();
        return rows;
    }

    /// <summary>One row a second per bed, five readings each, as the devices send them.</summary>
    private Task<long> LoadSecondsAsync(short[] signs, DateTimeOffset from, DateTimeOffset to, DateTime storedAt) =>
        LoadBatchesAsync(signs, from, to, TimeSpan.FromSeconds(1), readingsPerSign: 1, storedAt);

    /// <summary>One row a minute per bed, sixty readings of each of five vitals.</summary>
    private Task<long> LoadMinuteBatchesAsync(short[] signs, DateTimeOffset from, DateTimeOffset to, DateTime storedAt) =>
        LoadBatchesAsync(signs, from, to, TimeSpan.FromMinutes(1), readingsPerSign: 60, storedAt);

    private async Task<long> LoadBatchesAsync(short[] signs, DateTimeOffset from, DateTimeOffset to, TimeSpan step, int readingsPerSign, DateTime storedAt)
    {
        var count = signs.Length * readingsPerSign;
        var rowSigns = new short[count];
        var offsets = new int[count];
        for (var r = 0; r < readingsPerSign; r++)
        {
            for (var s = 0; s < signs.Length; s++)
            {
                rowSigns[(r * signs.Length) + s] = signs[s];
                offsets[(r * signs.Length) + s] = r * 1_000_000;
            }
        }

        var values = new double[count];
        await using var connection = await database.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy vitals_batches (patient_id, measured_from, source, batch_id, measured_to, received_at, signs, sign_values, offsets_us, plausible, stored_at) from stdin (format binary)");
        long rows = 0;
        // Time by time, every bed in each, as the devices' batches arrive.
        for (var at = from; at < to; at += step)
        {
            var m = at.ToUnixTimeSeconds() / 60;
            for (var p = 0; p < beds; p++)
            {
                var patient = Patient(p);
                for (var i = 0; i < count; i++)
                {
                    values[i] = Value(p, i % signs.Length, m) + (i / signs.Length % 3 * 0.1);
                }

                await copy.StartRowAsync();
                await copy.WriteAsync(patient, NpgsqlDbType.Text);
                await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("device:bench", NpgsqlDbType.Text);
                await copy.WriteAsync(at.ToUnixTimeSeconds(), NpgsqlDbType.Bigint);
                await copy.WriteAsync(at.AddSeconds(readingsPerSign - 1).UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(at.AddSeconds(readingsPerSign).UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(rowSigns, NpgsqlDbType.Array | NpgsqlDbType.Smallint);
                await copy.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Double);
                if (readingsPerSign == 1)
                {
                    await copy.WriteNullAsync();
                }
                else
                {
                    await copy.WriteAsync(offsets, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                }

                await copy.WriteNullAsync();
                await copy.WriteAsync(storedAt, NpgsqlDbType.TimestampTz);
                rows++;
            }
        }

        await copy.CompleteAsync();
        return rows;
    }

    /// <summary>
    /// The ten-minute aggregates of the loaded minutes, ten minutes by ten minutes, every bed in each, as the
    /// roll-up writes them.
    /// </summary>
    private async Task<long> TenMinutesFromMinutesAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var command = database.CreateCommand("""
            insert into vitals_ten_minutes (patient_id, starts, sign, low, high, total, readings, last, last_at)
            select patient_id, date_bin(interval '10 minutes', minute, timestamptz '2000-01-01 00:00:00+00') as starts, sign,
                   min(low), max(high), sum(total), sum(readings), (max(array[extract(epoch from last_at)::float8, last]))[2], max(last_at)
            from vitals_minutes
            where starts_with(patient_id, $3) and minute >= $1 and minute < $2
            group by 1, 2, 3
            order by starts, patient_id, sign
            """);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter { Value = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = $"h{run}-" });
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary><see cref="Queries"/> trends of random patients, one after another, as the patient page asks (every sign at once).</summary>
    private async Task<TrendLatency> TrendAsync(string range, DateTimeOffset from, DateTimeOffset to, string? code = null)
    {
        var random = new Random(Queries);
        var timesMs = new List<double>(Queries);
        var points = 0;
        var minutesPerPoint = 0;
        for (var q = -10; q < Queries; q++)
        {
            var uri = new Uri(api, string.Create(CultureInfo.InvariantCulture,
                $"/api/v1/patients/{Patient(random.Next(beds))}/vitals?{(code is null ? "" : "code=" + code + "&")}from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}"));
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(uri);
            var body = await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            response.EnsureSuccessStatusCode();
            if (q < 0)
            {
                continue; // warm-up: connections, compiled code, the plans' first use
            }

            timesMs.Add(watch.Elapsed.TotalMilliseconds);
            if (q == 0)
            {
                using var answer = System.Text.Json.JsonDocument.Parse(body);
                var minutes = answer.RootElement.GetProperty("minutes").GetArrayLength();
                points = minutes > 0 ? minutes : answer.RootElement.GetProperty("readings").GetArrayLength();
                minutesPerPoint = answer.RootElement.TryGetProperty("minutesPerPoint", out var step) && step.ValueKind == System.Text.Json.JsonValueKind.Number ? step.GetInt32() : 0;
            }
        }

        timesMs.Sort();
        double Percentile(double p) => timesMs[Math.Min(timesMs.Count - 1, (int)Math.Ceiling(p * timesMs.Count) - 1)];
        return new TrendLatency(range, Queries, points, minutesPerPoint, Percentile(0.50), Percentile(0.99), timesMs[^1]);
    }

    /// <summary>
    /// Retention as the silo runs it (<see cref="HistoryRetention"/>), timed, while <paramref name="ward"/>
    /// streams: its partition past 96 hours is detached and dropped by the schema owner's function.
    /// </summary>
    private async Task<PartitionDrop?> DropWhileStreamingAsync(WardLoad ward, HistoryTables tables, DateTimeOffset pastDay, long readings, TimeSpan warmup, TimeSpan duration)
    {
        var bytes = await SizeOfDayAsync(pastDay);
        Console.WriteLine($"  retention of a day's partition ({readings:N0} readings, {bytes / 1048576.0:N0} MiB) while {ward.Transport} devices stream ...");
        await ward.SetUpAsync(nurses: false);
        var retention = new HistoryRetention(database, tables, new DatabaseOutage(TimeProvider.System, NullLogger<DatabaseOutage>.Instance), TimeProvider.System, NullLogger<HistoryRetention>.Instance);
        IReadOnlyList<string> dropped = [];
        var seconds = double.NaN;
        Task? dropping = null;
        var result = await ward.RunAsync(warmup, duration,
            breachesPerSecond: 0,
            onMeasureStart: () =>
            {
                dropping = Task.Run(async () =>
                {
                    await Task.Delay(duration / 3);
                    var watch = Stopwatch.StartNew();
                    dropped = await retention.RunOnceAsync(CancellationToken.None);
                    seconds = watch.Elapsed.TotalSeconds;
                });
                return Task.CompletedTask;
            },
            onMeasureEnd: () => dropping ?? Task.CompletedTask);
        await ward.TearDownAsync();
        Console.WriteLine($"  dropped {string.Join(", ", dropped)} in {seconds * 1000:0} ms; the ward meanwhile: {result.Accepted:N0} accepted, {result.Refused} refused, {result.Failed} failed");
        return new PartitionDrop(dropped, readings, bytes, seconds, result);
    }

    private async Task<long> SizeOfDayAsync(DateTimeOffset day)
    {
        await using var command = database.CreateCommand(
            "select coalesce(sum(pg_total_relation_size(partition_name::regclass)), 0)::bigint from history_partitions where parent = 'vitals_batches' and starts >= $1 and ends <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = day.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = day.AddDays(1).UtcDateTime });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 1200;
        await command.ExecuteNonQueryAsync();
    }
}
