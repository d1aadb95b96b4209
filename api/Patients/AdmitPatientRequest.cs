using System.ComponentModel;
using System.Text.Json;
using Monitoring.Api.Http;

namespace Monitoring.Api.Patients;

/// <summary>
/// The body of <c>POST /api/v1/patients</c>, <c>{"patientId":"p-001","unitId":"icu-3w","bed":"12"}</c>: admits the
/// patient to that bed, or moves them there. No other field is taken.
/// </summary>
public sealed record AdmitPatientRequest(
    [property: Description(JsonFields.IdentifierShape)] string PatientId,
    [property: Description(JsonFields.IdentifierShape)] string UnitId,
    [property: Description(JsonFields.IdentifierShape)] string Bed)
{
    /// <summary>The request, or a 400 problem naming every field at fault (an unknown one included).</summary>
    public static (AdmitPatientRequest? Request, IResult? Problem) Read(JsonElement body)
    {
        var errors = new FieldErrors();
        JsonFields.RefuseUnknown(body, errors, "patientId", "unitId", "bed");
        var patientId = JsonFields.Identifier(body, "patientId", "patientId", errors);
        var unitId = JsonFields.Identifier(body, "unitId", "unitId", errors);
        var bed = JsonFields.Identifier(body, "bed", "bed", errors);
        return errors.Any ? (null, Problems.Validation(errors.ToDictionary())) : (new AdmitPatientRequest(patientId!, unitId!, bed!), null);
    }
}
