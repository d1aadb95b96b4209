using System.Globalization;

namespace Monitoring.Simulator;

/// <summary>One bed on the unit: the patient admitted to it and the device bound to that patient.</summary>
public sealed record BedAssignment(string UnitId, int Bed, string PatientId, string DeviceId)
{
    public string BedLabel => Bed.ToString(CultureInfo.InvariantCulture);

    public static BedAssignment Create(string unitId, int bed) => new(
        unitId,
        bed,
        string.Create(CultureInfo.InvariantCulture, $"sim-{unitId}-{bed:00}"),
        DeviceEui64.For(unitId, bed));
}
