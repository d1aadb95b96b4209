using System.Globalization;
using Monitoring.Hl7;

namespace Monitoring.Simulator;

/// <summary>
/// Writes the ADT messages a patient administration system sends (HL7 v2.5 chapter 3): A01 admit, A02 transfer and A03
/// discharge, each with MSH, EVN (EVN-2 recorded and EVN-6 occurred), PID with the simulator's opaque patient id as a PI
/// identifier (no name, no MRN) and PV1 with PV1-3 the location (PV1-6 the one left, for a transfer).
/// </summary>
public static class AdtMessage
{
    /// <summary>The feed's location of one of our beds: point of care the unit, room the bed number, bed <c>A</c>.</summary>
    public static (string PointOfCare, string Room, string Bed) LocationOf(string unitId, int bed) =>
        (unitId.ToUpperInvariant(), bed.ToString(CultureInfo.InvariantCulture), "A");

    public static string Admit(string controlId, string patientId, (string, string, string) location, DateTimeOffset at) =>
        Build("A01", "ADT_A01", controlId, patientId, location, prior: null, at);

    public static string Transfer(string controlId, string patientId, (string, string, string) to, (string, string, string) from, DateTimeOffset at) =>
        Build("A02", "ADT_A02", controlId, patientId, to, from, at);

    public static string Discharge(string controlId, string patientId, (string, string, string) location, DateTimeOffset at) =>
        Build("A03", "ADT_A03", controlId, patientId, location, prior: null, at);

    private static string Build(string trigger, string structure, string controlId, string patientId, (string, string, string) location, (string, string, string)? prior, DateTimeOffset at)
    {
        var time = at.UtcDateTime.ToString("yyyyMMddHHmmss'+0000'", CultureInfo.InvariantCulture);
        var (pointOfCare, room, bed) = location;
        var visit = new Hl7MessageBuilder()
            .Header().Field("SIM-PAS").Field("SIM").Field("MONITORING").Field("WARD").Field(time).EmptyFields(1).Field("ADT", trigger, structure)
                .Field(controlId).Field("P").Field("2.5")
            .Segment("EVN").Field(trigger).Field(time).EmptyFields(3).Field(time)
            .Segment("PID").Field("1").EmptyFields(1).Field(patientId, "", "", "SIM", "PI")
            .Segment("PV1").Field("1").Field("I").Field(pointOfCare, room, bed);
        if (prior is var (priorCare, priorRoom, priorBed))
        {
            visit.EmptyFields(2).Field(priorCare, priorRoom, priorBed);
        }

        return visit.Build();
    }
}
