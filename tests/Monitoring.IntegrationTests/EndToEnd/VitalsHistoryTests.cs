using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

[Collection(RunningSystemCollection.Name)]
public sealed class VitalsHistoryTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_burst_of_readings_ends_up_as_exactly_that_many_rows_even_when_batches_are_resent()
    {
        var (patient, device) = await AdmittedAsync();
        var start = DateTimeOffset.UtcNow; // after the binding: what a device measured before it is not this patient's
        const int Batches = 200;
        string[] codes = ["hr", "spo2", "rr", "sbp", "temp"];
        double[] values = [72, 97, 14, 120, 36.8];

        async Task SendAsync(int batch)
        {
            var at = start.AddMilliseconds(batch * 50).ToString("O", CultureInfo.InvariantCulture);
            // 200 batches at once queue at one device; one that waits past the grain-call timeout is
            // answered 503, and the device sends it again, unchanged, as the contract says.
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            HttpResponseMessage response;
            do
            {
                response = await system.Http.PostAsJsonAsync($"/api/v1/devices/{device}/readings", new
                {
                    sequence = batch,
                    readings = codes.Select((code, i) => new { code, value = values[i], at }),
                });
            }
            while (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Task.WhenAll(Enumerable.Range(0, Batches).Select(SendAsync));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(SendAsync)); // resent: duplicates

        var expected = (long)Batches * codes.Length;
        var stored = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is var n && n >= expected ? n : (long?)null,
            TimeSpan.FromSeconds(15), $"{expected} rows");
        Assert.Equal(expected, stored);

        var (from, to) = (start.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture), start.AddSeconds(20).ToString("O", CultureInfo.InvariantCulture));
        var history = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/vitals?code=hr&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        var readings = history.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal(Batches, readings.Count);
        Assert.All(readings, r => Assert.Equal(("hr", 72.0, "/min", $"device:{device}"), (r.GetProperty("code").GetString(), r.GetProperty("value").GetDouble(), r.GetProperty("unit").GetString(), r.GetProperty("source").GetString())));
        Assert.True(readings.Select(r => r.GetProperty("at").GetDateTimeOffset()).SequenceEqual(readings.Select(r => r.GetProperty("at").GetDateTimeOffset()).Order()));
    }

    [Fact]
    public async Task An_older_batch_arriving_late_is_stored_but_never_overwrites_a_newer_value()
    {
        var (patient, device) = await AdmittedAsync();
        var bound = DateTimeOffset.UtcNow;
        var newer = await PostAsync(device, 2, bound.AddMilliseconds(1), ("hr", 88));
        Assert.Equal(HttpStatusCode.Accepted, newer.StatusCode);

        var older = await PostAsync(device, 1, bound, ("hr", 64)); // measured earlier (but after the binding), arriving late
        Assert.Equal(HttpStatusCode.Accepted, older.StatusCode);
        Assert.Equal(1, (await older.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        Assert.Equal(88, (await _ward.GetPatientAsync(patient)).GetProperty("vitals").GetProperty("hr").GetProperty("value").GetDouble());
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) == 2 ? true : (bool?)null,
            TimeSpan.FromSeconds(10), "both readings stored");
    }

    [Fact]
    public async Task A_reading_from_the_future_is_refused_and_a_batch_too_large_gets_413()
    {
        var (_, device) = await AdmittedAsync();

        var future = await PostAsync(device, 1, DateTimeOffset.UtcNow.AddHours(1), ("hr", 70));
        var tooMany = await system.Http.PostAsJsonAsync($"/api/v1/devices/{device}/readings", new
        {
            sequence = 2,
            readings = Enumerable.Range(0, 1001).Select(_ => new { code = "hr", value = 70, at = DateTimeOffset.UtcNow }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("readings[0].at", out _));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
    }

    [Fact]
    public async Task Bad_history_queries_name_the_parameter()
    {
        var (patient, _) = await AdmittedAsync();

        var response = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}/vitals?code=pulse&from=yesterday", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("code", out _) && errors.TryGetProperty("from", out _), errors.ToString());
    }

    private Task<HttpResponseMessage> PostAsync(string device, long sequence, DateTimeOffset at, params (string Code, double Value)[] readings) =>
        system.Http.PostAsJsonAsync($"/api/v1/devices/{device}/readings", new { sequence, readings = readings.Select(r => new { code = r.Code, value = r.Value, at }) });

    private async Task<(string Patient, string Device)> AdmittedAsync()
    {
        var (_, patient, device) = await _ward.NewBedAsync();
        return (patient, device);
    }
}
