using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>A system whose silo and api record every trace and print every finished span (the console exporter), to read traces back.</summary>
public sealed class TracingSystem() : RunningSystem(new Dictionary<string, string> { ["Telemetry__ConsoleSpans"] = "true", ["Telemetry__TraceSampleRatio"] = "1" });

/// <summary>A system that records no trace by choice (a share of 0), printing what it records all the same.</summary>
public sealed class UnsampledTracingSystem() : RunningSystem(new Dictionary<string, string> { ["Telemetry__ConsoleSpans"] = "true", ["Telemetry__TraceSampleRatio"] = "0" });

/// <summary>
/// Traces recorded by share, an alarm's always: with none chosen, an ordinary reading leaves no span, and a
/// reading that raises an alarm leaves the alarm's change in the silo and its push in the api, under the
/// trace id the alarm history keeps.
/// </summary>
public sealed class TraceSamplingTests(UnsampledTracingSystem system) : IClassFixture<UnsampledTracingSystem>
{
    [Fact]
    public async Task With_no_trace_chosen_an_ordinary_reading_leaves_no_span_and_one_that_raises_an_alarm_leaves_its_alarm_and_push()
    {
        var ward = new WardClient(system.Http);
        var (unit, patient, device) = await ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var (ordinary, alarming) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.Accepted, (await ward.PostTracedReadingsAsync(device, 1, ordinary, sampled: false, ("hr", 72))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ward.PostTracedReadingsAsync(device, 2, alarming, sampled: false, ("sbp", 80))).StatusCode);
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), TimeSpan.FromSeconds(15), "the alarm on the dashboard");

        // The alarm history names the trace that holds the alarm's spans: the reading's own was not chosen,
        // so the alarm's change began one of its own, and its push to the dashboards followed it.
        var alarmTrace = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<string?>("select trace_id from alarm_history where patient_id = $1 and code = 'sbp-low'", patient),
            TimeSpan.FromSeconds(15), "the alarm in the alarm history");
        var silo = await Poll.UntilAsync(
            () => Task.FromResult(ObservabilityTests.SpansOf(system.Silo.Output, alarmTrace) is var spans && spans.Contains(("Monitoring", "monitoring.alarm")) ? spans : null),
            TimeSpan.FromSeconds(15), "the alarm's change in the silo's trace output");
        await Poll.UntilAsync(
            () => Task.FromResult(ObservabilityTests.SpansOf(system.Api.Output, alarmTrace).Contains(("Monitoring", "monitoring.push")) ? true : (bool?)null),
            TimeSpan.FromSeconds(15), "the alarm's push in the api's trace output");
        Assert.DoesNotContain(silo, span => span.Name.Contains("DeviceGrain", StringComparison.Ordinal)); // the reading's own spans were not recorded
        // Both readings ended (they were answered) before the alarm's spans were printed: nothing of their own traces was.
        Assert.Empty(ObservabilityTests.SpansOf(system.Api.Output + system.Silo.Output, ordinary));
        Assert.Empty(ObservabilityTests.SpansOf(system.Api.Output + system.Silo.Output, alarming));
    }
}

/// <summary>
/// What operators see: one trace from a device's request through the grains to the push to
/// dashboards; the metrics on <c>/metrics</c> of the api and the silo; the silo's health and dashboard.
/// </summary>
public sealed partial class ObservabilityTests(TracingSystem system) : IClassFixture<TracingSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task One_reading_that_raises_an_alarm_is_one_trace_from_the_HTTP_request_through_the_grains_to_the_push()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var traceId = Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostTracedReadingsAsync(device, 1, traceId, ("sbp", 80))).StatusCode);
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "the alarm on the dashboard");

        // Spans are printed as they end, the HTTP request's last: wait until it is there in full.
        var api = await Poll.UntilAsync(
            () => Task.FromResult(SpansOf(system.Api.Output, traceId) is var spans && spans.Any(s => s.Name == "monitoring.push") && spans.Any(s => s.Source == "Microsoft.AspNetCore") ? spans : null),
            Deadline,
            "the push and the HTTP request in the api's trace output");
        var silo = await Poll.UntilAsync(
            () => Task.FromResult(SpansOf(system.Silo.Output, traceId) is var spans && spans.Any(s => s.Name.Contains("PatientGrain", StringComparison.Ordinal)) ? spans : null),
            Deadline,
            "the patient grain in the silo's trace output");
        Assert.Contains(api, s => s.Source == "Microsoft.AspNetCore" && s.Name.StartsWith("POST /api/v1/devices/", StringComparison.Ordinal));
        Assert.Contains(api, s => s.Source.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Name.Contains("DeviceGrain", StringComparison.Ordinal));
        Assert.Contains(silo, s => s.Name.Contains("DeviceGrain", StringComparison.Ordinal));
        Assert.Contains(silo, s => s.Name.Contains("PatientGrain", StringComparison.Ordinal));
        Assert.Contains(api, s => s.Name == "monitoring.push" && s.Source == "Monitoring");
        var leaks = (system.Api.Output + system.Silo.Output).Split('\n').Where(l => l.Contains(patient, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "patient id in spans: " + string.Join(" / ", leaks.Take(5))); // spans are scrubbed too
    }

    [Fact]
    public async Task An_HL7_message_over_MLLP_that_raises_an_alarm_is_one_trace_from_the_message_through_the_grains_to_the_push()
    {
        var (unit, patient) = (WardClient.NewId("unit"), WardClient.NewId("p"));
        var device = Hl7Messages.Eui64();
        await _ward.AdmitAsync(patient, unit, "1");
        await _ward.BindAsync(device, patient);
        await system.AllowOverMllpAsync(device);
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        await using (var mllp = await MllpClient.ConnectAsync(system.MllpPort))
        {
            var ack = await mllp.SendAsync(Hl7Messages.OneReading(device, "TRACED-1", "150021^MDC_PRESS_BLD_NONINV_SYS^MDC", 80, DateTimeOffset.UtcNow));
            Assert.Contains("MSA|AA|TRACED-1", ack, StringComparison.Ordinal);
        }

        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "the alarm on the dashboard");
        var traced = await Poll.UntilAsync(
            () => Task.FromResult(TracesNamed(system.Api.Output, "mllp ORU^R01")
                .Select(id => new Trace(SpansOf(system.Api.Output, id), SpansOf(system.Silo.Output, id)))
                .FirstOrDefault(t => t.Api.Any(s => s.Name == "monitoring.push") && t.Silo.Any(s => s.Name.Contains("PatientGrain", StringComparison.Ordinal)))),
            Deadline,
            "one trace holding the MLLP message, the patient grain and the push");
        Assert.Contains(traced.Api, s => s.Source == "Monitoring" && s.Name == "mllp ORU^R01");
        Assert.Contains(traced.Silo, s => s.Name.Contains("DeviceGrain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_on_a_devices_stream_that_raises_an_alarm_is_one_trace_from_the_stream_through_the_grains_to_the_push()
    {
        var (unit, patient, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);

        await using (var stream = await StreamClient.OpenDeviceAsync(system, device))
        {
            await stream.SendBatchAsync(1, null, ("sbp", 80));
            Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
        }

        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), Deadline, "the alarm on the dashboard");
        var traced = await Poll.UntilAsync(
            () => Task.FromResult(TracesNamed(system.Api.Output, "websocket batch")
                .Select(id => new Trace(SpansOf(system.Api.Output, id), SpansOf(system.Silo.Output, id)))
                .FirstOrDefault(t => t.Api.Any(s => s.Name == "monitoring.push") && t.Silo.Any(s => s.Name.Contains("PatientGrain", StringComparison.Ordinal)))),
            Deadline,
            "one trace holding the stream's batch, the patient grain and the push");
        Assert.Contains(traced.Silo, s => s.Name.Contains("DeviceGrain", StringComparison.Ordinal));
        // Its own trace: not under the stream's upgrade request, which lasts as long as the stream.
        Assert.DoesNotContain(traced.Api, s => s.Source == "Microsoft.AspNetCore");
    }

    [Fact]
    public async Task The_api_and_the_silo_expose_their_metrics_for_Prometheus()
    {
        var (_, _, device) = await _ward.NewBedAsync();
        await using var nurse = await system.ConnectHubAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("hr", 70))).StatusCode);

        var apiMetrics = await Poll.UntilAsync(
            async () => await GetTextAsync(new Uri(system.ApiUrl, "/metrics")) is var text && text.Contains("monitoring_alarm_latency_milliseconds_bucket", StringComparison.Ordinal) ? text : null,
            Deadline,
            "the alarm latency histogram on the api's /metrics");
        Assert.Matches("monitoring_writebehind_depth\\{[^}]*queue=\"audit\"", apiMetrics);

        // A device's stream, open, is counted while it is.
        await using (var stream = await StreamClient.OpenDeviceAsync(system, device))
        {
            await Poll.UntilAsync(
                async () => Regex.IsMatch(await GetTextAsync(new Uri(system.ApiUrl, "/metrics")), "monitoring_streams_open\\{[^}]*kind=\"device\"[^}]*\\} [1-9]") ? true : (bool?)null,
                Deadline, "the open stream on the api's /metrics");
        }

        var siloMetrics = await Poll.UntilAsync(
            async () => await GetTextAsync(new Uri(system.SiloOperationsUrl, "/metrics")) is var text && text.Contains("monitoring_alarms_raised_total", StringComparison.Ordinal) ? text : null,
            Deadline,
            "alarms raised on the silo's /metrics");
        Assert.Matches("monitoring_alarms_raised_total\\{[^}]*priority=\"high\"", siloMetrics);
        Assert.Contains("monitoring_readings_ingested_total", siloMetrics, StringComparison.Ordinal);
        Assert.Matches("monitoring_writebehind_depth\\{[^}]*queue=\"vitals_history\"", siloMetrics);
    }

    [Fact]
    public async Task The_silo_reports_its_health_and_serves_the_Orleans_dashboard()
    {
        using var http = new HttpClient { BaseAddress = system.SiloOperationsUrl };

        var ready = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        var dashboard = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.StartsWith("Healthy", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> GetTextAsync(Uri url)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(url);
    }

    /// <summary>The spans of one trace in a process's console-exporter output: source and display name.</summary>
    internal static List<(string Source, string Name)> SpansOf(string output, string traceId) =>
        output.Split("Activity.TraceId:", StringSplitOptions.None)
            .Where(block => block.TrimStart().StartsWith(traceId, StringComparison.Ordinal))
            .Select(block => (Field(block, "Instrumentation scope (ActivitySource):\n    Name"), Field(block, "Activity.DisplayName")))
            .ToList();

    /// <summary>One trace's spans in the api's and the silo's output.</summary>
    private sealed record Trace(List<(string Source, string Name)> Api, List<(string Source, string Name)> Silo);

    /// <summary>The trace ids of the spans with this display name in a process's console-exporter output.</summary>
    private static IEnumerable<string> TracesNamed(string output, string displayName) =>
        output.Split("Activity.TraceId:", StringSplitOptions.None)
            .Skip(1)
            .Where(block => Field(block, "Activity.DisplayName") == displayName)
            .Select(block => block.TrimStart().Split('\n', 2)[0].Trim())
            .Distinct();

    private static string Field(string block, string name) =>
        Regex.Match(block, Regex.Escape(name).Replace("\\n", @"\r?\n", StringComparison.Ordinal) + @":[ \t]*(?<value>[^\r\n]*)") is { Success: true } match ? match.Groups["value"].Value.Trim() : "";
}
