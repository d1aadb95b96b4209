using System.ComponentModel;
using Monitoring.Api.Http;

namespace Monitoring.Api.Patients;

/// <summary>
/// The body of <c>POST /api/v1/patients</c>, <c>{"patientId":"p-001","unitId":"icu-3w","bed":"12"}</c>: admits the
/// patient to that bed, or moves them there. No other field is taken.
/// </summary>
public sealed record AdmitPatientRequest(
    [property: Description(RequestFields.IdentifierShape)] string PatientId,
    [property: Description(RequestFields.IdentifierShape)] string UnitId,
    [property: Description(RequestFields.IdentifierShape)] string Bed)
{
    /// <summary>Null when the request can be taken, else a 400 naming every field at fault.</summary>
    public IResult? Validate()
    {
        var errors = new FieldErrors();
        RequestFields.Identifier(PatientId, "patientId", errors);
        RequestFields.Identifier(UnitId, "unitId", errors);
        RequestFields.Identifier(Bed, "bed", errors);
        return errors.AsProblem();
    }
}
