using System.Security.Claims;
using Monitoring.Api.Push;

namespace Monitoring.UnitTests.Security;

public sealed class PatientWatchersTests
{
    private static ClaimsPrincipal Nurse(params string[] units) =>
        new(new ClaimsIdentity([new Claim("sub", "nurse"), new Claim("role", "nurse"), .. units.Select(u => new Claim("units", u))], "test", "sub", "role"));

    [Fact]
    public void When_a_patients_events_come_from_another_unit_only_the_watchers_who_may_not_see_it_are_taken_out()
    {
        var watchers = new PatientWatchers();
        watchers.Add("p-1", "c-icu", Nurse("icu-3w"));
        watchers.Add("p-1", "c-both", Nurse("icu-3w", "ward-5"));
        watchers.Add("p-1", "c-all", Nurse("*"));

        Assert.Equal(["c-icu"], watchers.TakeThoseWhoMayNotSee("p-1", "ward-5"));
        Assert.Empty(watchers.TakeThoseWhoMayNotSee("p-1", "ward-5")); // taken once
        Assert.Empty(watchers.TakeThoseWhoMayNotSee("p-2", "ward-5")); // nobody watches p-2
    }

    [Fact]
    public void A_discharge_takes_out_every_watcher_and_a_closed_connection_watches_nobody()
    {
        var watchers = new PatientWatchers();
        watchers.Add("p-1", "c-1", Nurse("icu-3w"));
        watchers.Add("p-1", "c-all", Nurse("*"));
        watchers.Add("p-2", "c-1", Nurse("icu-3w"));

        Assert.Equal(["c-1", "c-all"], watchers.TakeThoseWhoMayNotSee("p-1", unitId: null).Order());
        watchers.Remove("c-1");

        Assert.Empty(watchers.TakeThoseWhoMayNotSee("p-2", unitId: null));
        Assert.False(watchers.Any);
    }
}
