using System.Collections.Immutable;
using Monitoring.Alarms;
using Monitoring.Census;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Grains;

/// <summary>A care unit as a grain: its beds, and the alarm policy every patient of it must take.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class UnitGrainTests(GrainClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_bed_taken_by_one_patient_is_refused_to_another_and_the_census_names_the_first()
    {
        var unit = Grains.GetUnit(WardClient.NewId("unit"));
        var (first, second) = (WardClient.NewId("p"), WardClient.NewId("p"));

        Assert.NotNull(await unit.AssignBedAsync("4", first));
        Assert.Null(await unit.AssignBedAsync("4", second));

        Assert.Equal(new BedOccupancy("4", first), Assert.Single(await unit.GetCensusAsync()));
    }

    [Fact]
    public async Task Only_the_patient_in_a_bed_can_release_it()
    {
        var unit = Grains.GetUnit(WardClient.NewId("unit"));
        var (inBed, other) = (WardClient.NewId("p"), WardClient.NewId("p"));
        Assert.NotNull(await unit.AssignBedAsync("2", inBed));

        await unit.ReleaseBedAsync("2", other);
        Assert.Equal(new BedOccupancy("2", inBed), Assert.Single(await unit.GetCensusAsync()));

        await unit.ReleaseBedAsync("2", inBed);
        Assert.Empty(await unit.GetCensusAsync());
    }

    [Fact]
    public async Task A_new_policy_reaches_every_admitted_patient_and_each_confirms_it()
    {
        var unitId = WardClient.NewId("unit");
        var patients = new[] { WardClient.NewId("p"), WardClient.NewId("p") };
        for (var bed = 0; bed < patients.Length; bed++)
        {
            Assert.Equal(AdmissionOutcome.Admitted, await Grains.GetPatient(patients[bed]).AdmitAsync(new Admission(unitId, $"{bed + 1}")));
        }

        var unit = Grains.GetUnit(unitId);
        var policy = await unit.ChangePolicyAsync(new UnitPolicyChange(EscalationWindow: TimeSpan.FromMinutes(3)));

        Assert.Equal(TimeSpan.FromMinutes(3), policy.EscalationWindow);
        await Poll.UntilAsync(async () => (await unit.GetUnconfirmedPatientsAsync()).IsEmpty ? "confirmed" : null, Deadline, "both patients to confirm the policy");
        Assert.Equal(TimeSpan.FromMinutes(3), (await unit.GetPolicyAsync()).EscalationWindow);
    }
}
