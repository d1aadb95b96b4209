namespace Monitoring.Simulator;

/// <summary>
/// The api's answer to one batch on a WebSocket stream (docs/streams.md): the status <c>POST …/readings</c> would
/// have answered, the batch it names, and for 429/503 when to send it again.
/// </summary>
public sealed record StreamAcknowledgement(string? DeviceId, long? Sequence, int Status, int? Accepted, bool? Duplicate, int? RetryAfter, string? Title, string? Detail)
{
    /// <summary>What the store-and-forward queue does with the batch: as over HTTP, 429/503 (and any 5xx) send it again, other 4xx refuse it.</summary>
    public DeliveryReport Report()
    {
        if (Status is >= 200 and < 300)
        {
            return Duplicate == true ? DeliveryReport.Duplicate : DeliveryReport.Accepted;
        }

        var problem = $"stream answered {Status} {Title}: {Detail}";
        return Status is 408 or 429 or >= 500
            ? DeliveryReport.Retry(problem, RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null)
            : DeliveryReport.Refused($"WS {Status}", problem);
    }
}
