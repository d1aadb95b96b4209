namespace Monitoring.Simulator;

/// <summary>How a readings batch ended up after any retries.</summary>
public enum DeliveryResult
{
    Accepted,
    Duplicate,
    Failed,
}
