using System.Security.Claims;

namespace Monitoring.Api.Security;

/// <summary>
/// The roles a token carries and the care units it may see. People (nurse, on-call, admin) see only
/// the units in their <c>units</c> claim (<c>*</c>: every unit); a device speaks only as itself, a gateway only for
/// the devices registered to it.
/// </summary>
public static class CareRoles
{
    public const string Device = "device";

    /// <summary>A gateway in front of bedside devices: streams for the devices registered to it, whose id is its token's subject.</summary>
    public const string Gateway = "gateway";
    public const string Nurse = "nurse";

    /// <summary>A unit's nurse lead: also reads the unit's alarm analytics. Her token carries <c>nurse</c> too.</summary>
    public const string NurseLead = "nurse-lead";
    public const string OnCall = "oncall";
    public const string Admin = "admin";

    /// <summary>This api host's own alarm-path watchdog on its hub (never in a token): sees the watchdog's unit only.</summary>
    public const string Watchdog = "watchdog";

    /// <summary>Runs the system: the silo's operator port (Orleans Dashboard), no patient data.</summary>
    public const string Operator = Monitoring.Security.OperatorAccess.Role;

    /// <summary>The claims the roles and units are read from.</summary>
    public const string RoleClaim = Monitoring.Security.JwtValidation.RoleClaim;
    public const string UnitsClaim = "units";
    public const string AllUnits = "*";

    /// <summary>The roles of people, not devices.</summary>
    public static readonly string[] People = [Nurse, OnCall, Admin];

    /// <summary>Those who care for patients: they read and acknowledge in their units.</summary>
    public static readonly string[] Clinicians = [Nurse, OnCall];

    public static readonly string[] Nurses = [Nurse];
    public static readonly string[] OnCallStaff = [OnCall];
    public static readonly string[] Admins = [Admin];

    /// <summary>Those who read a unit's alarm analytics.</summary>
    public static readonly string[] AnalyticsReaders = [NurseLead, Admin];
    public static readonly string[] Devices = [Device];
    public static readonly string[] Gateways = [Gateway];

    /// <summary>The token's subject: the user, or the device's id.</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    public static bool IsAny(this ClaimsPrincipal user, IEnumerable<string> roles) => roles.Any(user.IsInRole);

    /// <summary>The roles, comma-separated, as the audit trail records them.</summary>
    public static string RoleList(this ClaimsPrincipal user) =>
        string.Join(',', user.FindAll(RoleClaim).Select(c => c.Value).Order(StringComparer.Ordinal));

    /// <summary>The units the token lists; several claims or one space-separated claim.</summary>
    public static IEnumerable<string> Units(this ClaimsPrincipal user) =>
        user.FindAll(UnitsClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static bool SeesAllUnits(this ClaimsPrincipal user) => user.Units().Contains(AllUnits, StringComparer.Ordinal);

    /// <remarks>The watchdog's reserved unit is nobody's but the watchdog's, whatever a token says (<c>*</c> included).</remarks>
    public static bool MaySee(this ClaimsPrincipal user, string unitId) =>
        Monitoring.Watchdog.SyntheticBeds.IsSynthetic(unitId)
            ? user.IsInRole(Watchdog) && user.Units().Contains(unitId, StringComparer.Ordinal)
            : user.Units().Any(u => u == AllUnits || string.Equals(u, unitId, StringComparison.Ordinal));
}
