using System.Security.Claims;
using Monitoring.Alarms;
using Monitoring.Api.Audit;

namespace Monitoring.Api.Security;

/// <summary>
/// Whether a caller may act on a patient, unit, alarm or device: the right role, and the resource's
/// care unit among the caller's units. A refusal is audited and answered with 403.
/// </summary>
public sealed class CareAccess(IGrainFactory grains, AuditTrail audit)
{
    /// <summary>The unit a patient lies in, or null when the patient is not admitted.</summary>
    public async Task<string?> UnitOfPatientAsync(string patientId) =>
        Identifiers.IsValid(patientId) ? (await grains.GetPatient(patientId).GetAdmissionAsync())?.UnitId : null;

    /// <summary>The unit of the patient an alarm belongs to.</summary>
    public Task<string?> UnitOfAlarmAsync(string alarmId) =>
        AlarmIds.PatientOf(alarmId) is { } patientId ? UnitOfPatientAsync(patientId) : Task.FromResult<string?>(null);

    /// <summary>
    /// Whether someone in one of <paramref name="roles"/> may act in <paramref name="unitId"/>. A resource
    /// with no unit (a patient not admitted) is open only to those who see every unit.
    /// </summary>
    public static bool Allows(ClaimsPrincipal user, IReadOnlyCollection<string> roles, string? unitId) =>
        user.IsAny(roles) && (unitId is null ? user.SeesAllUnits() : user.MaySee(unitId));

    /// <summary>Audits the refusal and answers 403.</summary>
    public IResult Deny(HttpContext context, string action, string resource, string reason)
    {
        audit.Record(context, action, resource, AuditOutcomes.Denied, reason);
        return TypedResults.Problem(
            $"Your sign-in does not allow this: {reason}.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden.");
    }
}
