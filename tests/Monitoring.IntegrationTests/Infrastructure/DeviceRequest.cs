using System.Net;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// One reading batch a device sent, as the device saw it: when it went, how long the answer took, and
/// the answer's status, or the failure (a timeout, a broken connection) when none came.
/// </summary>
public sealed record DeviceRequest(DateTimeOffset SentAt, TimeSpan Took, HttpStatusCode? Status, string? Failure)
{
    public bool Accepted => Status == HttpStatusCode.Accepted;

    public override string ToString() =>
        $"{SentAt:HH:mm:ss.fff} {Took.TotalMilliseconds:0} ms {(Status is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : Failure)}";
}
