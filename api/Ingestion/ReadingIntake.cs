using Monitoring.Api.Devices;
using Monitoring.Api.Http;
using Monitoring.Ingestion;

namespace Monitoring.Api.Ingestion;

/// <summary>
/// A device's batch of readings taken in, whichever way it came (a request to
/// <c>POST /api/v1/devices/{deviceId}/readings</c>, a message on a device's or a gateway's WebSocket stream):
/// read, checked, given to the device's grain, and answered the same way.
/// </summary>
public sealed class ReadingIntake(IGrainFactory grains, DeviceClockReporter clock, TimeProvider time)
{
    /// <summary>
    /// 202 with an <see cref="DeviceEndpoints.IngestAnswer"/>, or the problem: a reading refused (400), the device not
    /// bound (404), nothing measured since the binding (422), the history buffer full (503, send it again).
    /// </summary>
    public async Task<IResult> TakeAsync(string deviceId, ReadingBatchRequest body, HttpContext context)
    {
        var (batch, invalid, clockSkew) = ReadingBatchParser.Parse(body, time.GetUtcNow());
        if (clockSkew is { } skew)
        {
            await clock.ReportAsync(deviceId, skew);
        }

        if (invalid is not null)
        {
            return invalid;
        }

        var result = await grains.GetDevice(deviceId).IngestAsync(batch!);
        return result.Outcome switch
        {
            IngestOutcome.DeviceNotBound => Problems.NotFound($"Device '{deviceId}' is not bound to an admitted patient; bind it with PUT /api/v1/devices/{deviceId}/binding."),
            IngestOutcome.Busy => Problems.Busy(context),
            IngestOutcome.Accepted when result is { Accepted: 0, RefusedBeforeBinding: > 0 } => Problems.Unprocessable(
                "readings",
                $"{(result.RefusedBeforeBinding == 1 ? "The reading was" : $"All {result.RefusedBeforeBinding} readings were")} measured before the device was bound to its patient and may be the previous patient's; nothing was taken. Send readings measured since the binding."),
            _ => TypedResults.Accepted((string?)null, new DeviceEndpoints.IngestAnswer(result.Accepted, result.Outcome == IngestOutcome.Duplicate, result.RefusedBeforeBinding)),
        };
    }
}
