namespace Monitoring.Api.Ingestion;

/// <summary>
/// Tells a device's grain that its readings were refused for being dated ahead of our clock
/// (<see cref="Monitoring.Vitals.ReadingClock"/>), so that its patient raises <c>device-clock</c>.
/// The refusal is the answer whatever happens here: a failure is logged by its type only and never
/// turns a 400, an OperationOutcome or an AE into a failure of ours.
/// </summary>
public sealed partial class DeviceClockReporter(IGrainFactory grains, ILogger<DeviceClockReporter> logger)
{
    public async Task ReportAsync(string deviceId, TimeSpan skew)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        try
        {
            await grains.GetDevice(deviceId).ReportClockSkewAsync(skew);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotReported(exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A device's clock skew could not be reported ({ExceptionType}); its readings were refused all the same")]
    private partial void LogNotReported(string exceptionType);
}
