namespace Monitoring.Watchdog;

/// <summary>
/// The reserved unit of the alarm-path watchdog (docs/operations.md): each api host keeps one synthetic patient
/// in it, with one synthetic device, whose readings go the real way (device grain, patient grain, push) so that
/// the host can time their alarms' arrival. The unit, its patients and devices are never anyone's to see: refused
/// at the edge for people, left out of lists, analytics and the alarm manager's messages.
/// </summary>
public static class SyntheticBeds
{
    /// <summary>The reserved unit. Ids of the synthetic patients and devices start with it.</summary>
    public const string UnitId = "sys.watchdog";

    private const string Prefix = UnitId + ".";

    /// <summary>The synthetic patient (and, by the same id, its device and bed) of one api host.</summary>
    public static string PatientOf(string host) => Prefix + host;

    public static string DeviceOf(string host) => Prefix + host;

    /// <summary>The longest host name that still makes a valid identifier (<see cref="Identifiers.MaxLength"/>).</summary>
    public static readonly int MaxHostLength = Identifiers.MaxLength - Prefix.Length;

    /// <summary>Whether an id (unit, patient or device) is the watchdog's: reserved, never a real one.</summary>
    public static bool IsSynthetic(string? id) =>
        id is not null && (id == UnitId || id.StartsWith(Prefix, StringComparison.Ordinal));
}
