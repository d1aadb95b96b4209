using Monitoring.Adt;
using Monitoring.Hl7;
using Monitoring.Simulator;

namespace Monitoring.UnitTests.Simulator;

/// <summary>The simulated patient administration system's messages, read back by the api's ADT reader.</summary>
public sealed class AdtMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private static readonly BedAssignment Bed = BedAssignment.Create("icu-3w", 4);

    private static AdtEvent Read(string message)
    {
        var parsed = Hl7Message.Parse(message);
        Assert.True(parsed.Succeeded, parsed.Error);
        var result = AdtReader.Read(parsed.Message, new AdtPatientIdentifier("PI"), AssumedTimeZone.Utc);
        Assert.True(result.Succeeded, result.Error?.Text);
        return result.Event;
    }

    [Fact]
    public void An_admission_is_read_as_an_A01_of_the_beds_patient_to_the_beds_location()
    {
        var adt = Read(AdtMessage.Admit("C1", Bed.PatientId, AdtMessage.LocationOf(Bed.UnitId, Bed.Bed), At));

        Assert.Equal(new AdtEvent(AdtTrigger.A01, Bed.PatientId, new AdtLocation("ICU-3W", "4", "A"), null, At, "SIM-PAS|SIM", "C1"), adt);
    }

    [Fact]
    public void A_transfer_is_read_as_an_A02_to_the_step_down_unit_from_the_ward()
    {
        var adt = Read(AdtMessage.Transfer("C2", Bed.PatientId, AdtMessage.LocationOf(AdtSchedule.StepDownOf(Bed.UnitId), 4), AdtMessage.LocationOf(Bed.UnitId, 4), At));

        Assert.Equal(AdtTrigger.A02, adt.Trigger);
        Assert.Equal(new AdtLocation("ICU-3W-SD", "4", "A"), adt.Location);
        Assert.Equal(new AdtLocation("ICU-3W", "4", "A"), adt.PriorLocation);
    }

    [Fact]
    public void A_discharge_is_read_as_an_A03()
    {
        Assert.Equal(AdtTrigger.A03, Read(AdtMessage.Discharge("C3", Bed.PatientId, AdtMessage.LocationOf(Bed.UnitId, 4), At)).Trigger);
    }

    [Fact]
    public void The_day_transfers_every_patient_then_discharges_every_patient()
    {
        Assert.Equal(
            ["A02 1", "A02 2", "A02 3", "A03 1", "A03 2", "A03 3"],
            AdtSchedule.For(3).Select(e => $"{e.Trigger} {e.Bed}"));
    }

    [Fact]
    public void The_ADT_options_are_parsed()
    {
        var options = SimulatorOptionsParser.Parse(["--adt", "127.0.0.1:2576", "--adt-every", "5"]).Options!;

        Assert.Equal(new MllpAddress("127.0.0.1", 2576), options.Adt);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AdtEvery);
        Assert.Null(SimulatorOptionsParser.Parse([]).Options!.Adt);
    }
}
