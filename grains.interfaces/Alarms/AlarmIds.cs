using System.Globalization;

namespace Monitoring.Alarms;

/// <summary>
/// Alarm ids name their patient (<c>{patientId}~{number}</c>), so an acknowledgement finds the
/// patient without a database look-up, even while the database is down.
/// </summary>
public static class AlarmIds
{
    private const char Separator = '~';

    public static string Create(string patientId, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{patientId}{Separator}{number}");

    /// <summary>The patient an alarm id belongs to, or null when the id is not one of ours.</summary>
    public static string? PatientOf(string alarmId)
    {
        var at = alarmId.LastIndexOf(Separator);
        if (at <= 0 || !long.TryParse(alarmId.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        var patientId = alarmId[..at];
        return Identifiers.IsValid(patientId) ? patientId : null;
    }
}
