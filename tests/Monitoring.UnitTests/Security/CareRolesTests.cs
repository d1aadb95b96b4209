using System.Security.Claims;
using Monitoring.Api.Security;

namespace Monitoring.UnitTests.Security;

public sealed class CareRolesTests
{
    private static ClaimsPrincipal User(string[] roles, params string[] units) =>
        new(new ClaimsIdentity(
            [new Claim("sub", "alice"), .. roles.Select(r => new Claim("role", r)), .. units.Select(u => new Claim("units", u))],
            "test",
            "sub",
            "role"));

    [Fact]
    public void A_nurse_sees_exactly_her_units_whether_listed_in_one_claim_or_several()
    {
        Assert.True(User(["nurse"], "icu-3w icu-4e").MaySee("icu-4e"));
        Assert.True(User(["nurse"], "icu-3w", "icu-4e").MaySee("icu-3w"));
        Assert.False(User(["nurse"], "icu-3w").MaySee("icu-3"));
        Assert.False(User(["nurse"], "icu-3w").MaySee("ICU-3W"));
        Assert.False(User(["nurse"]).MaySee("icu-3w"));
    }

    [Fact]
    public void A_star_means_every_unit_and_only_then_a_patient_without_a_unit()
    {
        Assert.True(User(["admin"], "*").MaySee("anything"));
        Assert.True(CareAccess.Allows(User(["admin"], "*"), CareRoles.People, null));
        Assert.False(CareAccess.Allows(User(["nurse"], "icu-3w"), CareRoles.People, null));
    }

    [Fact]
    public void The_role_must_be_one_of_those_the_action_takes()
    {
        var device = User(["device"], "*");

        Assert.False(CareAccess.Allows(device, CareRoles.People, "icu-3w"));
        Assert.True(CareAccess.Allows(User(["oncall"], "icu-3w"), CareRoles.Clinicians, "icu-3w"));
        Assert.False(CareAccess.Allows(User(["admin"], "icu-3w"), CareRoles.Clinicians, "icu-3w"));
        Assert.Equal("admin,nurse", User(["nurse", "admin"], "x").RoleList());
        Assert.Equal("alice", User(["nurse"]).Subject());
    }
}
