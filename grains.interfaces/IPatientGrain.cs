using System.Collections.Immutable;
using Monitoring.Census;
using Monitoring.Vitals;

namespace Monitoring;

/// <summary>A patient, keyed by an opaque patient id (never the MRN).</summary>
public interface IPatientGrain : IGrainWithStringKey
{
    Task<AdmissionOutcome> AdmitAsync(Admission admission);

    /// <summary>Ends the stay: alarms end, devices are unbound. False when the patient was not admitted.</summary>
    Task<bool> DischargeAsync();

    /// <summary>Attaches a device; false when the patient is not admitted.</summary>
    Task<bool> AttachDeviceAsync(string deviceId);

    Task DetachDeviceAsync(string deviceId);

    /// <summary>Takes readings from a bound device; false when the patient is not admitted.</summary>
    Task<bool> RecordReadingsAsync(string deviceId, ImmutableArray<Reading> readings);

    /// <summary>The patient's current picture, or null when not admitted.</summary>
    [AlwaysInterleave]
    Task<PatientView?> GetViewAsync();
}
