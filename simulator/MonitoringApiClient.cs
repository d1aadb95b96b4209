using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Monitoring.Simulator;

/// <summary>The slice of the monitoring api a ward of bedside devices uses.</summary>
/// <param name="pacer">Spaces the staff's requests (admissions, bindings, nurses' entries); unpaced without one.</param>
public sealed class MonitoringApiClient(HttpClient http, SimulatorCredentials credentials, TimeProvider time, RequestPacer? pacer = null)
{
    private static readonly Uri LivenessPath = new("healthz/live", UriKind.Relative);
    private static readonly Uri PatientsPath = new("api/v1/patients", UriKind.Relative);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    // A gateway speaks for patients of every unit: registering one takes an admin of every unit.
    private const string AllUnits = "*";

    private readonly RetryingSender _sender = new(http, time, pacer);

    /// <summary>The pace of the staff's requests, if any.</summary>
    public RequestPacer? Pacer => pacer;

    /// <summary>How many times the api answered 429 to the staff's requests and the wait it asked for was taken.</summary>
    public long RateLimitedWaits => _sender.RateLimitedWaits;

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

    /// <summary>
    /// Registers the simulator as the MLLP gateway <paramref name="gatewayId"/>, known by its source address, unless
    /// it is registered already (its devices are then kept); devices are added with <see cref="AllowOverMllpAsync"/>.
    /// </summary>
    public async Task<SendOutcome> RegisterGatewayAsync(string gatewayId, IPAddress sourceAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceAddress);
        var body = new GatewayRegistrationRequest(sourceAddress.ToString(), []);
        var path = GatewayPath(gatewayId, "");
        var known = await _sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = credentials.ForStaff(AllUnits) } }, cancellationToken);
        if (known.IsSuccess)
        {
            return known;
        }

        return await _sender.SendAsync(
            () => Json(HttpMethod.Put, path, body, SimulatorJsonContext.Default.GatewayRegistrationRequest, credentials.ForStaff(AllUnits)),
            cancellationToken);
    }

    /// <summary>
    /// Registers (or registers again) the gateway <paramref name="gatewayId"/> that streams over WebSocket with its
    /// token, for exactly these devices.
    /// </summary>
    public Task<SendOutcome> RegisterStreamingGatewayAsync(string gatewayId, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var body = new GatewayRegistrationRequest(null, devices);
        return _sender.SendAsync(
            () => Json(HttpMethod.Put, GatewayPath(gatewayId, ""), body, SimulatorJsonContext.Default.GatewayRegistrationRequest, credentials.ForStaff(AllUnits)),
            cancellationToken);
    }

    /// <summary>Lets the gateway <paramref name="gatewayId"/> report for the bed's device over MLLP.</summary>
    public Task<SendOutcome> AllowOverMllpAsync(string gatewayId, BedAssignment bed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bed);
        return _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, GatewayPath(gatewayId, "/devices/" + Uri.EscapeDataString(bed.DeviceId))) { Headers = { Authorization = credentials.ForStaff(AllUnits) } },
            cancellationToken);
    }

    /// <summary>
    /// Maps the ADT feed's location of a bed (<see cref="AdtMessage.LocationOf"/>: point of care the unit, room the bed,
    /// bed <c>A</c>) to that bed, as the unit's admin does before the feed admits anyone there.
    /// </summary>
    public Task<SendOutcome> MapLocationAsync(string unitId, int bed, CancellationToken cancellationToken)
    {
        var (pointOfCare, room, place) = AdtMessage.LocationOf(unitId, bed);
        var body = new LocationMappingRequest(unitId, bed.ToString(CultureInfo.InvariantCulture));
        var path = new Uri($"api/v1/locations/{Uri.EscapeDataString(pointOfCare)}/{Uri.EscapeDataString(room)}/{Uri.EscapeDataString(place)}", UriKind.Relative);
        return _sender.SendAsync(
            () => Json(HttpMethod.Put, path, body, SimulatorJsonContext.Default.LocationMappingRequest, credentials.ForStaff(unitId)),
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

    /// <summary>
    /// Posts one readings batch once: 2xx is acknowledged (a duplicate when the api says it had the sequence already),
    /// 5xx, 408, 429, a timeout or a connection error is for resending, any other answer refuses the batch for good.
    /// </summary>
    public async Task<DeliveryReport> PostReadingsAsync(string deviceId, ReadingsBatch batch, CancellationToken abort)
    {
        try
        {
            using var request = Json(HttpMethod.Post, DevicePath(deviceId, "readings"), batch, SimulatorJsonContext.Default.ReadingsBatch, credentials.ForDevice(deviceId));
            using var response = await http.SendAsync(request, abort);
            var body = await response.Content.ReadAsStringAsync(abort);
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return IsDuplicate(body) ? DeliveryReport.Duplicate : DeliveryReport.Accepted;
            }

            var problem = SendOutcome.Response(status, body, 1).Describe();
            return RetryingSender.IsTransient(status)
                ? DeliveryReport.Retry(problem, RetryingSender.RetryAfter(response, time.GetUtcNow()))
                : DeliveryReport.Refused(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}"), problem);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return DeliveryReport.Retry(ex.InnerException?.Message ?? ex.Message);
        }
        catch (TaskCanceledException) when (!abort.IsCancellationRequested)
        {
            // HttpClient.Timeout, not our own cancellation: the api may have stored it, and will say so when it comes again.
            return DeliveryReport.Retry("request timed out");
        }
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

    private static Uri GatewayPath(string gatewayId, string rest) =>
        new($"api/v1/gateways/{Uri.EscapeDataString(gatewayId)}{rest}", UriKind.Relative);

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
