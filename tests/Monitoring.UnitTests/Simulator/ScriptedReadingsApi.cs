using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Monitoring.UnitTests.Simulator;

/// <summary>
/// The api's readings endpoint as a device meets it, answering as scripted. Like the real one it keeps the
/// sequences it took, so a batch sent again after it was taken is answered <c>"duplicate":true</c> and stored once.
/// </summary>
public sealed class ScriptedReadingsApi : HttpMessageHandler
{
    private readonly Queue<ScriptedAnswer> _script = new();
    private readonly HashSet<long> _taken = [];

    /// <summary>Every request, in the order they came.</summary>
    public List<ReceivedBatch> Received { get; } = [];

    /// <summary>The sequences stored, in the order they were, each once.</summary>
    public List<long> Stored { get; } = [];

    /// <summary>While set, every request gets this answer; otherwise the script's next, and 202 once it is used up.</summary>
    public ScriptedAnswer? Outage { get; set; }

    public void Then(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var sequence = body.RootElement.GetProperty("sequence").GetInt64();
        var readings = body.RootElement.GetProperty("readings");
        Received.Add(new ReceivedBatch(sequence, readings.GetRawText()));

        var answer = Outage ?? (_script.Count > 0 ? _script.Dequeue() : ScriptedAnswer.Take);
        if (answer.HeldUntil is { } held)
        {
            await held;
        }

        if (answer.Status != HttpStatusCode.Accepted)
        {
            var refusal = new HttpResponseMessage(answer.Status) { Content = new StringContent("""{"title":"scripted"}""", Encoding.UTF8, "application/problem+json") };
            refusal.Headers.RetryAfter = answer.RetryAfter is { } wait ? new RetryConditionHeaderValue(wait) : null;
            return refusal;
        }

        var duplicate = !_taken.Add(sequence);
        if (!duplicate)
        {
            Stored.Add(sequence);
        }

        if (answer.TimesOut)
        {
            // What HttpClient throws when its Timeout passes.
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.", new TimeoutException());
        }

        var accepted = duplicate ? 0 : readings.GetArrayLength();
        return new HttpResponseMessage(HttpStatusCode.Accepted)
        {
            Content = new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"accepted":{{accepted}},"duplicate":{{(duplicate ? "true" : "false")}}}"""), Encoding.UTF8, "application/json"),
        };
    }
}
