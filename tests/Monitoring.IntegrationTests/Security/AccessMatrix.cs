using System.Net;

namespace Monitoring.IntegrationTests.Security;

/// <summary>Who calls: a token (or none) and whether its units include the resource's unit.</summary>
public enum Caller
{
    NoToken,
    ExpiredToken,
    WrongKeyToken,
    DeviceItself,
    OtherDevice,
    NurseOwnUnit,
    NurseOtherUnit,
    OnCallOwnUnit,
    OnCallOtherUnit,
    AdminOwnUnit,
    AdminOtherUnit,
}

/// <summary>Which roles an endpoint or hub method admits, and whether the resource's unit must be the caller's.</summary>
public sealed record Rule(string[] Roles, bool UnitScoped, bool Anonymous = false, bool DeviceItselfOnly = false)
{
    public static readonly string[] People = ["nurse", "oncall", "admin"];
    public static readonly string[] Clinicians = ["nurse", "oncall"];
    public static readonly string[] Admins = ["admin"];
    public static readonly string[] OnCall = ["oncall"];
    public static readonly string[] Devices = ["device"];
    public static readonly string[] Everyone = ["device", "nurse", "oncall", "admin"];
}

/// <summary>The expected answer of every endpoint to every caller.</summary>
public static class AccessMatrix
{
    public static string Role(Caller caller) => caller switch
    {
        Caller.DeviceItself or Caller.OtherDevice => "device",
        Caller.NurseOwnUnit or Caller.NurseOtherUnit => "nurse",
        Caller.OnCallOwnUnit or Caller.OnCallOtherUnit => "oncall",
        _ => "admin",
    };

    public static bool SignedIn(Caller caller) => caller is not (Caller.NoToken or Caller.ExpiredToken or Caller.WrongKeyToken);

    public static bool OwnUnit(Caller caller) => caller is Caller.NurseOwnUnit or Caller.OnCallOwnUnit or Caller.AdminOwnUnit or Caller.DeviceItself;

    /// <summary>401 without a valid token, 403 for the wrong role or unit (or another device), else the success status.</summary>
    public static HttpStatusCode Expected(Rule rule, Caller caller, HttpStatusCode success)
    {
        if (rule.Anonymous)
        {
            return success;
        }

        if (!SignedIn(caller))
        {
            return HttpStatusCode.Unauthorized;
        }

        if (!rule.Roles.Contains(Role(caller)) || (rule.DeviceItselfOnly && caller != Caller.DeviceItself) || (rule.UnitScoped && !OwnUnit(caller)))
        {
            return HttpStatusCode.Forbidden;
        }

        return success;
    }
}
