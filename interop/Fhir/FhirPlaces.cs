using Hl7.Fhir.Model;

namespace Monitoring.Fhir;

/// <summary>
/// The Patient and Device resources of the FHIR surface: an identifier and where, nothing more. R4's Patient has
/// no element for where a patient lies (Encounter.location does, for a stay): the bed is a contained Location,
/// named by a modifier-free extension (<see cref="FhirStayBundle.CurrentLocationExtension"/>), which keeps the
/// resource valid (a contained resource must be referred to from its container) and readable by a client that
/// does not know the extension.
/// </summary>
public static class FhirPlaces
{
    private const string LocationType = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    /// <summary>The patient as an identifier, active while admitted, and (when admitted) the unit and bed.</summary>
    public static Patient Patient(string patientId, (string UnitId, string Bed)? place)
    {
        var patient = new Patient
        {
            Id = patientId,
            Identifier = [new Identifier(FhirStayBundle.PatientIdSystem, patientId)],
            Active = place is not null,
        };
        if (place is { } where)
        {
            patient.Contained.Add(new Location
            {
                Id = "bed",
                Status = Location.LocationStatus.Active,
                Mode = Location.LocationMode.Instance,
                Name = $"unit {where.UnitId}, bed {where.Bed}",
                PhysicalType = new CodeableConcept(LocationType, "bd", "Bed"),
            });
            patient.Extension.Add(new Extension(FhirStayBundle.CurrentLocationExtension, new ResourceReference("#bed") { Display = $"unit {where.UnitId}, bed {where.Bed}" }));
        }

        return patient;
    }

    /// <summary>
    /// The device as an identifier, active while bound to a patient (inactive otherwise), and the patient it is
    /// bound to when <paramref name="shownPatientId"/> is given (the caller may read that patient).
    /// </summary>
    public static Device Device(string deviceId, bool bound, string? shownPatientId) => new()
    {
        Id = deviceId,
        Identifier = [new Identifier(FhirStayBundle.DeviceIdSystem, deviceId)],
        Status = bound ? global::Hl7.Fhir.Model.Device.FHIRDeviceStatus.Active : global::Hl7.Fhir.Model.Device.FHIRDeviceStatus.Inactive,
        Patient = shownPatientId is null ? null : new ResourceReference($"Patient/{shownPatientId}"),
    };
}
