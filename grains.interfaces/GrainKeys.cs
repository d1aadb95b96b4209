namespace Monitoring;

/// <summary>
/// Maps outside identifiers (patient, device and unit ids) to grain keys.
/// </summary>
/// <remarks>
/// The ADO.NET storage provider decides a key's kind by its format: a key that parses as hexadecimal
/// is stored as an integer, so "0A1B" and "A1B" (or "020235" and "20235") would share a row. Device
/// EUI-64s and numeric patient ids are exactly such keys, so every grain key carries a prefix that
/// keeps it a string key.
/// </remarks>
public static class GrainKeys
{
    private const string PatientPrefix = "patient:";
    private const string DevicePrefix = "device:";
    private const string UnitPrefix = "unit:";

    public static IPatientGrain GetPatient(this IGrainFactory grains, string patientId) =>
        grains.GetGrain<IPatientGrain>(PatientPrefix + patientId);

    public static IDeviceGrain GetDevice(this IGrainFactory grains, string deviceId) =>
        grains.GetGrain<IDeviceGrain>(DevicePrefix + deviceId);

    public static IUnitGrain GetUnit(this IGrainFactory grains, string unitId) =>
        grains.GetGrain<IUnitGrain>(UnitPrefix + unitId);

    public static string PatientIdOf(string grainKey) => Strip(grainKey, PatientPrefix);

    public static string DeviceIdOf(string grainKey) => Strip(grainKey, DevicePrefix);

    private static string Strip(string grainKey, string prefix) =>
        grainKey.StartsWith(prefix, StringComparison.Ordinal)
            ? grainKey[prefix.Length..]
            : throw new ArgumentException($"Grain key '{grainKey}' does not start with '{prefix}'.", nameof(grainKey));
}
