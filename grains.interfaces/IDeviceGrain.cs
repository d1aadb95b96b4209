using Monitoring.Census;
using Monitoring.Ingestion;

namespace Monitoring;

/// <summary>A bedside device (monitor, oximeter, NIBP cuff or its gateway), keyed by its device id.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    Task<IngestResult> IngestAsync(ReadingBatch batch);

    Task<BindingOutcome> BindAsync(string patientId);

    /// <summary>
    /// A reading of this device was refused for being dated <paramref name="skew"/> ahead of our clock:
    /// its bound patient raises <c>device-clock</c>, which ends with the device's next accepted batch.
    /// </summary>
    Task ReportClockSkewAsync(TimeSpan skew);
}
