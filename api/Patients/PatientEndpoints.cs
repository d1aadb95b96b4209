using Monitoring.Api.Http;
using Monitoring.Census;

namespace Monitoring.Api.Patients;

/// <summary>Admission, discharge and the patient's current picture.</summary>
public static class PatientEndpoints
{
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapPatientEndpoints(this IEndpointRouteBuilder routes)
    {
        var patients = routes.MapGroup("/api/v1/patients").WithTags("Patients");
        patients.MapPost("/", AdmitAsync);
        patients.MapGet("/{patientId}", GetAsync);
        patients.MapDelete("/{patientId}", DischargeAsync);
        return routes;
    }

    private static async Task<IResult> AdmitAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var body = document!.RootElement;
            var errors = new FieldErrors();
            var patientId = JsonFields.Identifier(body, "patientId", "patientId", errors);
            var unitId = JsonFields.Identifier(body, "unitId", "unitId", errors);
            var bed = JsonFields.Identifier(body, "bed", "bed", errors);
            if (errors.Any)
            {
                return Problems.Validation(errors.ToDictionary());
            }

            var patient = grains.GetPatient(patientId!);
            var outcome = await patient.AdmitAsync(new Admission(unitId!, bed!));
            if (outcome == AdmissionOutcome.BedOccupied)
            {
                return Problems.Conflict($"Bed '{bed}' of unit '{unitId}' is occupied by another patient; discharge or move that patient first.");
            }

            var view = await patient.GetViewAsync();
            return outcome == AdmissionOutcome.Admitted
                ? TypedResults.Created($"/api/v1/patients/{patientId}", view)
                : TypedResults.Ok(view);
        }
    }

    private static async Task<IResult> GetAsync(string patientId, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(patientId))
        {
            return Problems.InvalidRouteValue("patientId");
        }

        return await grains.GetPatient(patientId).GetViewAsync() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound($"Patient '{patientId}' is not admitted.");
    }

    private static async Task<IResult> DischargeAsync(string patientId, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(patientId))
        {
            return Problems.InvalidRouteValue("patientId");
        }

        return await grains.GetPatient(patientId).DischargeAsync()
            ? TypedResults.NoContent()
            : Problems.NotFound($"Patient '{patientId}' is not admitted.");
    }
}
