using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>What a charge nurse and a bedside device do, through the public REST API.</summary>
public sealed class WardClient(HttpClient http)
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// A new unit with one patient admitted to <paramref name="bed"/> and a device bound to that patient:
    /// a new one, or <paramref name="deviceId"/> (an EUI-64 for HL7, say).
    /// </summary>
    public async Task<(string Unit, string Patient, string Device)> NewBedAsync(string bed = "1", string? deviceId = null)
    {
        var (unit, patient, device) = (NewId("unit"), NewId("p"), deviceId ?? NewId("dev"));
        await AdmitAsync(patient, unit, bed);
        await BindAsync(device, patient);
        return (unit, patient, device);
    }

    /// <summary>A new unit with <paramref name="beds"/> patients admitted to beds 1 to n, each with a new device bound.</summary>
    public async Task<(string Unit, List<(string Patient, string Device)> Beds)> NewWardAsync(int beds)
    {
        var unit = NewId("unit");
        var admitted = new List<(string Patient, string Device)>();
        for (var bed = 1; bed <= beds; bed++)
        {
            var (patient, device) = (NewId("p"), NewId("dev"));
            await AdmitAsync(patient, unit, bed.ToString(CultureInfo.InvariantCulture));
            await BindAsync(device, patient);
            admitted.Add((patient, device));
        }

        return (unit, admitted);
    }

    public async Task AdmitAsync(string patientId, string unitId, string bed)
    {
        var response = await http.PostAsJsonAsync("/api/v1/patients", new { patientId, unitId, bed });
        await EnsureAsync(response, "admission");
    }

    public async Task BindAsync(string deviceId, string patientId)
    {
        var response = await http.PutAsJsonAsync($"/api/v1/devices/{deviceId}/binding", new { patientId });
        await EnsureAsync(response, "binding");
    }

    /// <summary>Posts one batch of readings taken now; returns the raw response.</summary>
    public Task<HttpResponseMessage> PostReadingsAsync(string deviceId, long sequence, params (string Code, double Value)[] readings) =>
        PostReadingsAsync(deviceId, sequence, DateTimeOffset.UtcNow, readings);

    /// <summary>Posts one batch of readings taken at <paramref name="takenAt"/> (a resend carries the time of the first try).</summary>
    public Task<HttpResponseMessage> PostReadingsAsync(string deviceId, long sequence, DateTimeOffset takenAt, params (string Code, double Value)[] readings)
    {
        var at = takenAt.ToString("O", CultureInfo.InvariantCulture);
        return http.PostAsJsonAsync($"/api/v1/devices/{deviceId}/readings", new
        {
            sequence,
            readings = readings.Select(r => new { code = r.Code, value = r.Value, at }),
        });
    }

    /// <summary>Posts readings under a trace id of the test's own (W3C traceparent), to find it again in the history.</summary>
    public Task<HttpResponseMessage> PostTracedReadingsAsync(string deviceId, long sequence, string traceId, params (string Code, double Value)[] readings) =>
        PostTracedReadingsAsync(deviceId, sequence, traceId, sampled: true, readings);

    /// <summary>Readings under a trace begun by the sender (<c>traceparent</c>), recorded or not as the sender chose.</summary>
    public Task<HttpResponseMessage> PostTracedReadingsAsync(string deviceId, long sequence, string traceId, bool sampled, params (string Code, double Value)[] readings)
    {
        var at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/devices/{deviceId}/readings")
        {
            Content = JsonContent.Create(new { sequence, readings = readings.Select(r => new { code = r.Code, value = r.Value, at }) }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-{(sampled ? "01" : "00")}");
        return http.SendAsync(request);
    }

    /// <summary>Puts <paramref name="body"/> as JSON (limits, say); a refusal fails the test with the server's answer.</summary>
    public async Task<JsonElement> PutAsync(string path, object body)
    {
        var response = await http.PutAsJsonAsync(path, body);
        await EnsureAsync(response, path);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task SetUnitSettingsAsync(string unitId, object settings)
    {
        var response = await http.PutAsJsonAsync($"/api/v1/units/{unitId}/settings", settings);
        await EnsureAsync(response, "unit settings");
    }

    /// <summary>Acknowledges as the nurse <paramref name="by"/>, signed in as them.</summary>
    public Task<HttpResponseMessage> AcknowledgeAsync(string alarmId, string by)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/alarms/{alarmId}/acknowledge") { Content = JsonContent.Create(new { by }) };
        request.Options.Set(SignedInHandler.As, by);
        return http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        await EnsureAsync(response, path);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetPatientAsync(string patientId)
    {
        var response = await http.GetAsync(new Uri($"/api/v1/patients/{patientId}", UriKind.Relative));
        await EnsureAsync(response, "patient read");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
