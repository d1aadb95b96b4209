namespace Monitoring.Simulator;

/// <summary>
/// How one attempt to deliver a batch ended: for <see cref="DeliveryResult.Retry"/> with what went wrong and any
/// wait the backend asked for; for <see cref="DeliveryResult.Refused"/> also a short reason the refusals are counted by.
/// </summary>
public readonly record struct DeliveryReport(DeliveryResult Result, string Problem, string Reason, TimeSpan? RetryAfter)
{
    public static DeliveryReport Accepted { get; } = new(DeliveryResult.Accepted, "", "", null);

    public static DeliveryReport Duplicate { get; } = new(DeliveryResult.Duplicate, "", "", null);

    public bool IsAcknowledged => Result is DeliveryResult.Accepted or DeliveryResult.Duplicate;

    public static DeliveryReport Retry(string problem, TimeSpan? retryAfter = null) =>
        new(DeliveryResult.Retry, problem, "", retryAfter);

    /// <param name="reason">Short and the same for every refusal of its kind, e.g. <c>HTTP 400</c> or <c>MSA|AR</c>.</param>
    public static DeliveryReport Refused(string reason, string problem) => new(DeliveryResult.Refused, problem, reason, null);
}
