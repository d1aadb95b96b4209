namespace Monitoring.Simulator;

/// <summary>How one batch of readings ended up, with what went wrong if it failed.</summary>
public readonly record struct DeliveryReport(DeliveryResult Result, string Problem)
{
    public static DeliveryReport Accepted { get; } = new(DeliveryResult.Accepted, "");

    public static DeliveryReport Duplicate { get; } = new(DeliveryResult.Duplicate, "");

    public static DeliveryReport Failed(string problem) => new(DeliveryResult.Failed, problem);
}
