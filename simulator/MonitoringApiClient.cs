using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Monitoring.Simulator;

/// <summary>The slice of the monitoring api a ward of bedside devices uses.</summary>
public sealed class MonitoringApiClient(HttpClient http, SimulatorCredentials credentials, TimeProvider time)
{
    private static readonly Uri LivenessPath = new("healthz/live", UriKind.Relative);
    private static readonly Uri PatientsPath = new("api/v1/patients", UriKind.Relative);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly RetryingSender _sender = new(http, time);

    /// <summary>Polls the liveness endpoint until it answers 2xx or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitUntilLiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            using (var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                probe.CancelAfter(ProbeTimeout);
                try
                {
                    using var response = await http.GetAsync(LivenessPath, probe.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not up yet.
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Probe timed out.
                }
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(ProbeInterval, time, cancellationToken);
        }
    }

    public Task<SendOutcome> AdmitAsync(BedAssignment bed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bed);
        var body = new AdmitPatientRequest(bed.PatientId, bed.UnitId, bed.BedLabel);
        return _sender.SendAsync(
            () => Json(HttpMethod.Post, PatientsPath, body, SimulatorJsonContext.Default.AdmitPatientRequest, credentials.ForStaff(bed.UnitId)),
            cancellationToken);
    }

    public Task<SendOutcome> BindAsync(BedAssignment bed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bed);
        var body = new DeviceBindingRequest(bed.PatientId);
        return _sender.SendAsync(
            () => Json(HttpMethod.Put, DevicePath(bed.DeviceId, "binding"), body, SimulatorJsonContext.Default.DeviceBindingRequest, credentials.ForStaff(bed.UnitId)),
            cancellationToken);
    }

    /// <summary>The admission round: consciousness and air or oxygen, entered as a nurse would.</summary>
    public Task<SendOutcome> PostAdmissionObservationsAsync(BedAssignment bed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bed);
        var body = NurseObservations.AlertOnAir(time.GetUtcNow());
        return _sender.SendAsync(
            () => Json(HttpMethod.Post, new Uri($"api/v1/patients/{Uri.EscapeDataString(bed.PatientId)}/observations", UriKind.Relative), body, SimulatorJsonContext.Default.NurseObservations, credentials.ForStaff(bed.UnitId)),
            cancellationToken);
    }

    public async Task<(DeliveryResult Result, SendOutcome Outcome)> PostReadingsAsync(
        string deviceId, ReadingsBatch batch, CancellationToken cancellationToken)
    {
        var outcome = await _sender.SendAsync(
            () => Json(HttpMethod.Post, DevicePath(deviceId, "readings"), batch, SimulatorJsonContext.Default.ReadingsBatch, credentials.ForDevice(deviceId)),
            cancellationToken);
        return outcome.IsSuccess
            ? (IsDuplicate(outcome.Body) ? DeliveryResult.Duplicate : DeliveryResult.Accepted, outcome)
            : (DeliveryResult.Failed, outcome);
    }

    private static bool IsDuplicate(string body)
    {
        try
        {
            return body.Length > 0 && JsonSerializer.Deserialize(body, SimulatorJsonContext.Default.ReadingsAccepted)?.Duplicate == true;
        }
        catch (JsonException)
        {
            // The api took it; an odd body does not make it a failure.
            return false;
        }
    }

    private static Uri DevicePath(string deviceId, string leaf) =>
        new($"api/v1/devices/{Uri.EscapeDataString(deviceId)}/{leaf}", UriKind.Relative);

    // Buffered rather than JsonContent's stream, so requests carry Content-Length instead of chunked encoding.
    private static HttpRequestMessage Json<T>(HttpMethod method, Uri path, T body, JsonTypeInfo<T> type, AuthenticationHeaderValue token)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = JsonMediaType;
        return new HttpRequestMessage(method, path) { Content = content, Headers = { Authorization = token } };
    }
}
