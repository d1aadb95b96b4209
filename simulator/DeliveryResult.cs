namespace Monitoring.Simulator;

/// <summary>What the backend made of one attempt to deliver a readings batch.</summary>
public enum DeliveryResult
{
    /// <summary>Taken (HTTP 2xx, MSA|AA).</summary>
    Accepted,

    /// <summary>Already taken earlier, when an answer was lost: acknowledged, and stored once.</summary>
    Duplicate,

    /// <summary>Not taken this time (503, 429, 408, 5xx, a timeout, a broken connection, MSA|AE): keep it and send it again.</summary>
    Retry,

    /// <summary>Not taken, and sending it again cannot change that (400, 404, 413, 422, MSA|AR): drop it.</summary>
    Refused,
}
