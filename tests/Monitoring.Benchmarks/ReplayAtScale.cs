using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.History;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Benchmarks;

/// <summary>
/// One what-if replay of the loaded unit, timed from the request to the outcome, with the CPU seconds the silo, PostgreSQL
/// and the rest of the machine used meanwhile (the machine is shared: what others took is time the replay waited).
/// </summary>
public sealed record ReplayRun(double Seconds, double SiloSeconds, long Batches, int Patients, int StoredAlarms, int ProposedAlarms,
    double? SiloCpuSeconds, double PostgresCpuSeconds, double OtherCpuSeconds);

/// <summary>What was loaded and how long each replay of it took.</summary>
public sealed record ReplayAtScaleResult(int Beds, int Days, long Batches, double LoadSeconds, string Proposal, IReadOnlyList<ReplayRun> Runs)
{
    public double MedianSeconds => Median(Runs.Select(r => r.Seconds));

    public double MinSeconds => Runs.Min(r => r.Seconds);

    public double MaxSeconds => Runs.Max(r => r.Seconds);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>
/// Issue 20's bound: a week of a 40-bed unit replayed under a proposal in under a minute. The unit's patients are admitted
/// over the api, their stays dated back to before the week, and every second of the week is loaded by binary COPY as the
/// devices' batches (heart rate, pulse rate, SpO2, respiration rate, systolic pressure, temperature) with the noise and
/// dips a ward has: SpO2 dips to 86 % for 25 s every two hours and to 78 % for 10 s twice a day. The nurses' rounds
/// (consciousness and air or oxygen, every half hour, as the simulator's) are loaded too, so that NEWS2 is complete. Then the same proposal is replayed
/// several times through the api, each timed from the request to the outcome, as an admin would wait for it.
/// </summary>
public sealed class ReplayAtScale(HttpClient http, Uri api, NpgsqlDataSource database, int beds, int days, int runs, string run, int? siloPid)
{
    private const string Proposal = """{"spo2":{"conditionDelaySeconds":15}}""";
    private static readonly string[] Codes = ["hr", "pr", "spo2", "rr", "sbp", "temp"];
    private static readonly string[] RoundCodes = ["consciousness", "o2"];
    private static readonly double[] AlertOnAir = [1, 0];
    private const int RoundEvery = 1800;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private string Unit => $"r{run}";

    private string Patient(int i) => string.Create(CultureInfo.InvariantCulture, $"r{run}-p{i:D2}");

    public async Task<ReplayAtScaleResult> MeasureAsync()
    {
        Console.WriteLine($"What-if replay: admitting {beds} patients, loading {days} day(s) of 1 Hz batches by COPY ...");
        await Concurrently.ForEachAsync(beds, i => SetUpRequests.PostAsync(http, new Uri(api, "/api/v1/patients"),
            new { patientId = Patient(i), unitId = Unit, bed = (i + 1).ToString(CultureInfo.InvariantCulture) }));
        var now = DateTimeOffset.UtcNow;
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-1);
        var start = end.AddDays(-days);
        await ExecuteAsync("update stays set admitted_at = $1 where unit_id = $2", start.AddHours(-1), Unit);

        var loading = Stopwatch.StartNew();
        var signs = await new VitalSignIds(database).IdsAsync(Codes, CancellationToken.None);
        var roundSigns = await new VitalSignIds(database).IdsAsync(RoundCodes, CancellationToken.None);
        var tables = new HistoryTables(database, Options.Create(new VitalsHistoryOptions()), Options.Create(new RetentionOptions()), NullLoggerFactory.Instance);
        await tables.Vitals.EnsureAsync([.. Enumerable.Range(0, days + 1).Select(d => start.AddDays(d)), end], CancellationToken.None);
        var storedAt = (await ScalarAsync<DateTime>("select rolled_up_to from history_rollups where name = 'vitals_minutes'")).ToUniversalTime();
        storedAt = storedAt == DateTime.MinValue.ToUniversalTime() ? DateTime.UtcNow.AddHours(-3) : storedAt.AddMinutes(-1);
        var halves = await Task.WhenAll(LoadAsync(signs, roundSigns, start, end, 0, beds / 2, storedAt), LoadAsync(signs, roundSigns, start, end, beds / 2, beds, storedAt));
        await ExecuteAsync("vacuum (analyze) vitals_batches");
        loading.Stop();
        var batches = halves.Sum();
        Console.WriteLine($"  loaded {batches:N0} batches in {loading.Elapsed.TotalSeconds:0} s");

        var results = new List<ReplayRun>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await ReplayAsync(start, end));
            var r = results[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  replay {i + 1}: {r.Seconds:0.0} s ({r.Batches:N0} batches; CPU s: silo {r.SiloCpuSeconds:0.0}, PostgreSQL {r.PostgresCpuSeconds:0.0}, the rest of the machine {r.OtherCpuSeconds:0.0})"));
        }

        return new ReplayAtScaleResult(beds, days, batches, loading.Elapsed.TotalSeconds, Proposal, results);
    }

    private async Task<ReplayRun> ReplayAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var body = $$"""{"from":"{{from:yyyy-MM-dd'T'HH:mm:ss'Z'}}","to":"{{to:yyyy-MM-dd'T'HH:mm:ss'Z'}}","limits":{{Proposal}}}""";
        var postmaster = await PostmasterAsync();
        var silo = siloPid is { } pid ? new ProcessProbe(pid) : null;
        var (siloCpu, postgresCpu, machineCpu) = (silo?.CpuSeconds(), postmaster.CpuSecondsWithChildren(), ProcessProbe.MachineCpuSeconds());
        var clock = Stopwatch.StartNew();
        using var queued = await http.PostAsync(new Uri(api, $"/api/v1/units/{Unit}/alarm-replays"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        queued.EnsureSuccessStatusCode();
        var location = new Uri(api, queued.Headers.Location!);
        using var deadline = new CancellationTokenSource(Deadline);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(deadline.Token))
        {
            var replay = await http.GetFromJsonAsync<JsonElement>(location, deadline.Token);
            var status = replay.GetProperty("status").GetString();
            if (status == "failed")
            {
                throw new InvalidOperationException($"The replay failed: {replay.GetProperty("error")}");
            }

            if (status == "done")
            {
                clock.Stop();
                var (siloUsed, postgresUsed) = (silo?.CpuSeconds() - siloCpu, postmaster.CpuSecondsWithChildren() - postgresCpu);
                var others = Math.Max(0, ProcessProbe.MachineCpuSeconds() - machineCpu - (siloUsed ?? 0) - postgresUsed);
                var progress = replay.GetProperty("progress");
                var totals = replay.GetProperty("outcome").GetProperty("totals");
                return new ReplayRun(clock.Elapsed.TotalSeconds, progress.GetProperty("seconds").GetDouble(), progress.GetProperty("batchesRead").GetInt64(),
                    progress.GetProperty("patients").GetInt32(), totals.GetProperty("stored").GetInt32(), totals.GetProperty("proposed").GetInt32(),
                    siloUsed, postgresUsed, others);
            }
        }

        throw new TimeoutException("The replay did not finish.");
    }

    /// <summary>The benchmark's own PostgreSQL server: the parent of the backend that answers us.</summary>
    private async Task<ProcessProbe> PostmasterAsync()
    {
        await using var command = database.CreateCommand("select pg_backend_pid()");
        return new ProcessProbe((int)(await command.ExecuteScalarAsync())!).Parent();
    }

    private async Task<long> LoadAsync(short[] signs, short[] roundSigns, DateTimeOffset from, DateTimeOffset to, int firstBed, int endBed, DateTime storedAt)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy vitals_batches (patient_id, measured_from, source, batch_id, measured_to, received_at, signs, sign_values, offsets_us, plausible, stored_at) from stdin (format binary)");
        var values = new double[Codes.Length];
        var patients = Enumerable.Range(firstBed, endBed - firstBed).Select(p => (Id: Patient(p), Source: $"device:r{run}-d{p:D2}")).ToList();
        long rows = 0;
        for (var at = from; at < to; at = at.AddSeconds(1))
        {
            var second = at.ToUnixTimeSeconds();
            for (var p = 0; p < patients.Count; p++)
            {
                Vitals(firstBed + p, second, values);
                await copy.StartRowAsync();
                await copy.WriteAsync(patients[p].Id, NpgsqlDbType.Text);
                await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(patients[p].Source, NpgsqlDbType.Text);
                await copy.WriteAsync(second, NpgsqlDbType.Bigint);
                await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(at.AddMilliseconds(150).UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(signs, NpgsqlDbType.Array | NpgsqlDbType.Smallint);
                await copy.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Double);
                await copy.WriteNullAsync();
                await copy.WriteNullAsync();
                await copy.WriteAsync(storedAt, NpgsqlDbType.TimestampTz);
                rows++;
                if ((second + (firstBed + p) * 37) % RoundEvery == 0)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(patients[p].Id, NpgsqlDbType.Text);
                    await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("entered", NpgsqlDbType.Text);
                    await copy.WriteAsync(-second, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(at.AddSeconds(2).UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(roundSigns, NpgsqlDbType.Array | NpgsqlDbType.Smallint);
                    await copy.WriteAsync(AlertOnAir, NpgsqlDbType.Array | NpgsqlDbType.Double);
                    await copy.WriteNullAsync();
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(storedAt, NpgsqlDbType.TimestampTz);
                    rows++;
                }
            }
        }

        await copy.CompleteAsync();
        return rows;
    }

    /// <summary>A bed's vitals at a second: slow swings, beat-to-beat noise, and the SpO2 dips of the class summary.</summary>
    private static void Vitals(int bed, long second, double[] values)
    {
        var noise = Noise(bed, second);
        var hr = Math.Round(76 + (9 * Math.Sin((second / 900.0) + bed)) + (noise * 3), 0);
        var phase = (second + (bed * 397)) % 7200;
        var twiceADay = (second + (bed * 1931)) % 43200;
        var spo2 = twiceADay < 10 ? 78 : phase < 25 ? 86 : Math.Round(96 + Math.Sin((second / 1200.0) + bed) + noise, 0);
        values[0] = hr;
        values[1] = hr;
        values[2] = Math.Min(100, spo2);
        values[3] = Math.Round(16 + (2 * Math.Sin((second / 600.0) + bed)), 0);
        values[4] = Math.Round(122 + (10 * Math.Sin((second / 1800.0) + bed)) + (noise * 4), 0);
        values[5] = Math.Round(36.9 + (0.3 * Math.Sin((second / 7200.0) + bed)), 1);
    }

    /// <summary>A repeatable number from −1 to 1 for a bed's second.</summary>
    private static double Noise(int bed, long second)
    {
        var x = (ulong)((second * 2654435761L) ^ (bed * 40503L));
        x ^= x >> 13;
        x *= 0x5bd1e995;
        x ^= x >> 15;
        return ((x % 2001) / 1000.0) - 1;
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 0;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
