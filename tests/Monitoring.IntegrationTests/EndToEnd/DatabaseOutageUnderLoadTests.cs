using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// A ward streams through a PostgreSQL outage, refused or stalled. No request waits on the database:
/// devices are answered from the buffer at once, alarms raised meanwhile reach the nurse's screen within
/// 2 s, the silo shows the outage on <c>/metrics</c>, and afterwards every accepted reading is in the
/// history exactly once. Scaled to the suite: 40 devices sending about four batches a second (the ward
/// of the issue is 1,000 devices at 1 Hz on three silos).
/// </summary>
public sealed partial class DatabaseOutageUnderLoadTests(WardOutageSystem system, ITestOutputHelper output) : IClassFixture<WardOutageSystem>
{
    private const int StreamingBeds = 40;
    private const int AlarmBeds = 4;
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AlarmEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AnsweredWithin = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan AlarmWithin = TimeSpan.FromSeconds(2);
    private readonly WardClient _ward = new(system.Http);

    [Theory]
    [InlineData("refused")]
    [InlineData("stalled")]
    public async Task Through_an_outage_a_ward_is_answered_from_the_buffer_at_once_and_its_alarms_reach_the_screen(string outage)
    {
        // The ward is admitted once PostgreSQL answers: after the other case's stall, a statement held on a
        // stalled connection may still time out and open the outage again for a moment.
        await Poll.UntilAsync(DatabaseAnswersAsync, TimeSpan.FromSeconds(30), "the silo's database outage over, and an admission taken");
        var (unit, beds) = await _ward.NewWardAsync(StreamingBeds + AlarmBeds);
        var (streaming, alarming) = (beds.GetRange(0, StreamingBeds), beds.GetRange(StreamingBeds, AlarmBeds));
        await using var nurse = await system.ConnectHubAsync();
        var alarms = new HubEvents(nurse, "alarm");
        await nurse.InvokeAsync("JoinUnit", unit);
        var ward = new StreamingWard(_ward, streaming, alreadyAccepted: 0, BatchInterval);
        ward.Start(firstSequence: 1);
        await ward.WaitForBatchesAsync(3, TimeSpan.FromSeconds(30), "before the outage");

        var logMark = system.Silo.Output.Length;
        var downAt = DateTimeOffset.UtcNow;
        var (alarmTimes, breachAnswers) = (new List<TimeSpan>(), new List<TimeSpan>());
        DateTimeOffset upAt;
        try
        {
            if (outage == "stalled")
            {
                system.Proxy.Stall();
            }
            else
            {
                system.Proxy.GoDown();
            }

            // Every two seconds of the outage, another patient's blood pressure falls.
            foreach (var (patient, device) in alarming)
            {
                await Task.Delay(AlarmEvery); // the story's pace, not a wait for the system
                var clock = Stopwatch.StartNew();
                var onScreen = OnScreenAsync(alarms, patient, clock);
                using var answer = await _ward.PostReadingsAsync(device, 1, ("sbp", 80));
                Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"the breach got {(int)answer.StatusCode} after {clock.ElapsedMilliseconds} ms");
                breachAnswers.Add(clock.Elapsed);
                alarmTimes.Add(await onScreen);
            }

            await Poll.UntilAsync(() => OutageGaugeIsAsync(1), TimeSpan.FromSeconds(5), "monitoring_database_outage 1 on the silo's /metrics");
            await Task.Delay(downAt + Outage - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero); // the rest of the outage
        }
        finally
        {
            system.Proxy.ComeBack(); // also when the test fails, so that the next one starts with a database
            upAt = DateTimeOffset.UtcNow;
        }

        await ward.WaitForBatchesAsync(3, TimeSpan.FromSeconds(30), "after the outage");
        await ward.StopAsync(TimeSpan.FromSeconds(30));
        var requests = ward.Answers.OrderBy(r => r.SentAt).ToList();
        var during = requests.Where(r => r.SentAt >= downAt && r.SentAt < upAt).ToList();
        output.WriteLine($"{outage}: {during.Count} requests during the outage: {Figures(during)}; all {requests.Count}: {Figures(requests)}; alarms on screen after {Milliseconds(alarmTimes)} (their readings answered after {Milliseconds(breachAnswers)}); outage logged {Count(system.Silo.Output[logMark..], "PostgreSQL is out")} times, its end {Count(system.Silo.Output[logMark..], "PostgreSQL answers again")} times");

        // No device request timed out or was refused: the buffer answered them all.
        var unanswered = requests.Where(r => r.Status != (int)HttpStatusCode.Accepted).ToList();
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} of {requests.Count} requests not accepted: {string.Join("; ", unanswered.Take(10))}\n{Tail(system.Logs)}");
        var quick = during.Count(r => r.Took <= AnsweredWithin);
        Assert.True(during.Count >= StreamingBeds * 10, $"only {during.Count} requests were sent during the outage");
        Assert.True(quick >= 0.9 * during.Count, $"{quick} of {during.Count} requests during the outage answered within {AnsweredWithin.TotalSeconds} s; slowest: {string.Join("; ", during.OrderByDescending(r => r.Took).Take(10))}\n{Tail(system.Logs)}");

        // The database is back: the outage ends, and what was buffered is written, once.
        await Poll.UntilAsync(() => OutageGaugeIsAsync(0), TimeSpan.FromSeconds(10), "monitoring_database_outage 0 on the silo's /metrics");
        foreach (var (patient, _) in streaming)
        {
            var accepted = ward.Accepted[patient];
            var stored = await Poll.UntilAsync(
                async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) is var rows && rows >= accepted ? rows : (long?)null,
                TimeSpan.FromSeconds(30),
                $"the {accepted} accepted readings of {patient} in the history");
            Assert.True(accepted == stored, $"{patient}: {accepted} readings accepted, {stored} in the history");
        }

        foreach (var (patient, _) in alarming)
        {
            await Poll.UntilAsync(
                async () => await system.Database.ScalarAsync<long>("select count(*) from alarm_history where patient_id = $1 and code = 'sbp-low' and reason = 'raised'", patient) == 1 ? true : (bool?)null,
                TimeSpan.FromSeconds(30),
                $"the alarm of {patient} in the alarm history");
        }
    }

    /// <summary>When the alarm reaches the nurse's screen, from the start of <paramref name="clock"/>.</summary>
    private static async Task<TimeSpan> OnScreenAsync(HubEvents alarms, string patient, Stopwatch clock)
    {
        await alarms.WaitForAsync(HubEvents.Alarm("sbp-low", "active", patient), AlarmWithin, $"sbp-low for {patient} within {AlarmWithin.TotalSeconds} s of its reading");
        return clock.Elapsed;
    }

    private static string Milliseconds(List<TimeSpan> times) => string.Join(", ", times.Select(t => $"{t.TotalMilliseconds:0} ms"));

    /// <summary>The outage gauge is 0 and an admission is taken (not answered 503).</summary>
    private async Task<bool?> DatabaseAnswersAsync()
    {
        if (await OutageGaugeIsAsync(0) is null)
        {
            return null;
        }

        using var admission = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = WardClient.NewId("probe"), unitId = WardClient.NewId("probe-unit"), bed = "1" });
        return admission.IsSuccessStatusCode ? true : null;
    }

    private async Task<bool?> OutageGaugeIsAsync(int value)
    {
        var metrics = await system.Http.GetStringAsync(new Uri(system.SiloOperationsUrl, "/metrics"));
        return OutageGauge().Match(metrics) is { Success: true } gauge && gauge.Groups[1].Value == value.ToString(CultureInfo.InvariantCulture) ? true : null;
    }

    private static string Figures(List<StreamingWard.Answer> requests)
    {
        var took = requests.Select(r => r.Took.TotalMilliseconds).Order().ToList();
        double At(double share) => took.Count == 0 ? 0 : took[Math.Min(took.Count - 1, (int)(share * took.Count))];
        return $"median {At(0.5):0} ms, p90 {At(0.9):0} ms, p99 {At(0.99):0} ms, max {At(1):0} ms, within {AnsweredWithin.TotalSeconds} s {requests.Count(r => r.Took <= AnsweredWithin) * 100.0 / Math.Max(1, requests.Count):0.0} %";
    }

    private static int Count(string logs, string text) => logs.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private static string Tail(string logs) => string.Join("\n", logs.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal)).Select(l => l.Length > 500 ? l[..500] : l).TakeLast(12));

    [GeneratedRegex(@"^monitoring_database_outage(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex OutageGauge();
}
