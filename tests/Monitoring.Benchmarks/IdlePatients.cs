using System.Globalization;
using System.Net.Http.Json;
using Npgsql;

namespace Monitoring.Benchmarks;

/// <summary>
/// Memory per idle patient: N patients admitted, each with one set of vitals entered by a nurse and
/// nothing since (no device streaming, no alarm waiting on time), measured as the silos' managed
/// heap after a full collection, before and after, divided by N.
/// </summary>
public sealed class IdlePatients(HttpClient http, Uri api, ClusterConnection cluster, NpgsqlDataSource database, int patients)
{
    private readonly string _run = "idle" + Environment.ProcessId;

    public async Task<double> MeasureBytesPerPatientAsync()
    {
        var before = await cluster.SiloMemoryAfterCollectionAsync();
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await Concurrently.ForEachAsync(patients, async i =>
        {
            var patient = $"{_run}-p{i}";
            await SetUpRequests.PostAsync(http, new Uri(api, "/api/v1/patients"), new { patientId = patient, unitId = $"{_run}-u{i / 20}", bed = (i % 20 + 1).ToString(CultureInfo.InvariantCulture) });
            var readings = new[] { ("hr", 78.0), ("spo2", 97), ("rr", 15), ("sbp", 120), ("temp", 36.9) }.Select(r => new { code = r.Item1, value = r.Item2, at });
            await SetUpRequests.PostAsync(http, new Uri(api, $"/api/v1/patients/{patient}/observations"), new { readings });
        });

        // The history's write-behind queue drains first, so that only the patients are counted.
        await HistoryRows.CountWhenDrainedAsync(database, $"{_run}-p", patients * 5L, TimeSpan.FromSeconds(30));
        var after = await cluster.SiloMemoryAfterCollectionAsync();
        await Concurrently.ForEachAsync(patients, async i => await http.DeleteAsync(new Uri(api, $"/api/v1/patients/{_run}-p{i}")));
        return (after - before) / (double)patients;
    }
}
