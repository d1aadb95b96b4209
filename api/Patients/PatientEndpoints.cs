using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Alarms;
using Monitoring.Api.Alarms;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Limits;
using Monitoring.Api.Push;
using Monitoring.Api.Security;
using Monitoring.Census;
using Monitoring.Ingestion;
using Monitoring.Json;

namespace Monitoring.Api.Patients;

/// <summary>Admission, discharge and the patient's current picture.</summary>
public static class PatientEndpoints
{
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapPatientEndpoints(this IEndpointRouteBuilder routes)
    {
        var patients = routes.MapGroup("/api/v1/patients").WithTags("Patients");
        patients.MapPost("/", AdmitAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.Admission) // the unit is in the body
            .WithSummary("Admit a patient to a bed, or move them to another")
            .ReadsJson<AdmitPatientRequest>()
            .Produces<PatientView>(StatusCodes.Status201Created)
            .Produces<PatientView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status409Conflict);
        patients.MapGet("/{patientId}", GetAsync).AllowAudited(AccessScope.Patient, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("A patient's bed, latest vitals, NEWS2 and open alarms")
            .Produces<PatientView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapDelete("/{patientId}", DischargeAsync).AllowAudited(AccessScope.Patient, CareRoles.Admins, AuditActions.Discharge)
            .WithSummary("Discharge a patient: alarms end, devices are unbound, history stays")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapPost("/{patientId}/observations", RecordObservationsAsync).Allow(AccessScope.Patient, CareRoles.Clinicians, AuditActions.Readings)
            .WithSummary("Record observations a nurse entered (consciousness, o2 and any vital)")
            .ReadsJson<RecordObservationsRequest>()
            .Produces<ObservationsAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapGet("/{patientId}/limits", GetLimitsAsync).Allow(AccessScope.Patient, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("The alarm limits in force for a patient, per vital sign")
            .Produces<IReadOnlyDictionary<string, VitalLimits>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapPut("/{patientId}/limits", SetLimitsAsync).AllowAudited(AccessScope.Patient, CareRoles.Admins, AuditActions.LimitsChange)
            .WithSummary("Set a patient's alarm limits, laid over the unit's")
            .ReadsJson<SetLimitsRequest>()
            .Produces<IReadOnlyDictionary<string, VitalLimits>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapPut("/{patientId}/settings", SetSettingsAsync).AllowAudited(AccessScope.Patient, CareRoles.Admins, AuditActions.SettingsChange)
            .WithSummary("Set a patient's NEWS2 SpO2 scale")
            .ReadsJson<PatientSettings>()
            .Produces<PatientSettings>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapGet("/{patientId}/alarms", async (string patientId, string? state, AlarmHistoryQuery history, CancellationToken cancellationToken) =>
            !AlarmEndpoints.TryParseState(state, out var parsed) ? AlarmEndpoints.InvalidState()
            : Identifiers.IsValid(patientId) ? Results.Ok(await history.ForPatientAsync(patientId, parsed, cancellationToken))
            : Problems.InvalidRouteValue("patientId")).AllowAudited(AccessScope.Patient, CareRoles.People, AuditActions.PatientRead)
            .WithSummary("A patient's alarms as they now stand, newest first (state: active, acknowledged or resolved)")
            .Produces<IReadOnlyList<AlarmView>>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> RecordObservationsAsync(string patientId, HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(patientId, request, 256 * 1024, RequestJson.Default.RecordObservationsRequest, ReadingBatchParser.Explain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (batch, invalid, _) = ReadingBatchParser.Parse(body!, time.GetUtcNow());
        if (invalid is not null)
        {
            return invalid;
        }

        return await grains.GetPatient(patientId).RecordObservationsAsync(batch!.Readings) switch
        {
            RecordOutcome.Accepted => TypedResults.Accepted((string?)null, new ObservationsAnswer(batch.Readings.Length)),
            RecordOutcome.Busy => Problems.Busy(request.HttpContext),
            _ => NotAdmitted(patientId),
        };
    }

    private static async Task<IResult> GetLimitsAsync(string patientId, IGrainFactory grains)
    {
        if (!Identifiers.IsValid(patientId))
        {
            return Problems.InvalidRouteValue("patientId");
        }

        var rules = await grains.GetPatient(patientId).GetLimitsAsync();
        return rules.IsDefaultOrEmpty ? NotAdmitted(patientId) : TypedResults.Ok(AlarmRulesJson.Render(rules));
    }

    private static async Task<IResult> SetLimitsAsync(string patientId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, problem) = Identifiers.IsValid(patientId)
            ? await JsonBody.ReadObjectAsync(request, MaxBodyBytes, cancellationToken)
            : (default, Problems.InvalidRouteValue("patientId"));
        if (problem is not null)
        {
            return problem;
        }

        var patient = grains.GetPatient(patientId);
        if (await patient.GetViewAsync() is not { } view)
        {
            return NotAdmitted(patientId);
        }

        // The patient's limits replace their earlier ones and are laid over the unit's.
        var unitRules = (await grains.GetUnit(view.UnitId).GetPolicyAsync()).Rules;
        var (overrides, invalid) = AlarmRulesJson.Parse(body, unitRules);
        if (invalid is not null)
        {
            return invalid;
        }

        return await patient.SetLimitsAsync(overrides)
            ? TypedResults.Ok(AlarmRulesJson.Render(await patient.GetLimitsAsync()))
            : NotAdmitted(patientId);
    }

    private static async Task<IResult> SetSettingsAsync(string patientId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (settings, problem) = await ReadAsync(patientId, request, MaxBodyBytes, RequestJson.Default.PatientSettings, PatientSettings.Explain, cancellationToken);
        if ((problem ?? settings!.Validate()) is { } refused)
        {
            return refused;
        }

        return await grains.GetPatient(patientId).SetSpO2ScaleAsync(settings!.Spo2Scale)
            ? TypedResults.Ok(settings)
            : NotAdmitted(patientId);
    }

    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(string patientId, HttpRequest request, long maxBytes, JsonTypeInfo<T> type, Func<JsonFault, string> explain, CancellationToken cancellationToken) =>
        Identifiers.IsValid(patientId)
            ? await JsonBody.ReadAsync(request, maxBytes, type, explain, cancellationToken)
            : (default, Problems.InvalidRouteValue("patientId"));

    private static IResult NotAdmitted(string patientId) => Problems.NotFound($"Patient '{patientId}' is not admitted.");

    private static async Task<IResult> AdmitAsync(
        HttpRequest request, IGrainFactory grains, CareAccess access, AuditTrail audit, IHubContext<MonitoringHub> hub, PatientWatchers watchers, CancellationToken cancellationToken)
    {
        var (admission, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.AdmitPatientRequest, RequestFields.ExplainIdentifiers, cancellationToken);
        if ((problem ?? admission!.Validate()) is { } refused)
        {
            return refused;
        }

        var (patientId, unitId, bed) = admission!;
        // Admitting to a unit, or moving a patient out of one, takes both among the admin's units.
        var (context, resource) = (request.HttpContext, $"patient/{patientId}");
        var currentUnit = await access.UnitOfPatientAsync(patientId);
        foreach (var unit in new[] { unitId, currentUnit }.OfType<string>().Where(u => !context.User.MaySee(u)))
        {
            return access.Deny(context, AuditActions.Admission, resource, $"unit '{unit}' is not among your units");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this admission right now; nothing was done. Send it again after the Retry-After delay.");
        }

        var patient = grains.GetPatient(patientId);
        var outcome = await patient.AdmitAsync(new Admission(unitId, bed));
        audit.Record(context, AuditActions.Admission, resource, outcome == AdmissionOutcome.BedOccupied ? AuditOutcomes.Failed : AuditOutcomes.Success, $"unit/{unitId} bed {bed}");
        if (outcome == AdmissionOutcome.BedOccupied)
        {
            return Problems.Conflict($"Bed '{bed}' of unit '{unitId}' is occupied by another patient; discharge or move that patient first.");
        }

        // A move: who watches the patient live on this host and may not see the new unit is taken out of
        // the patient's group now (other hosts do so before the next event of the patient goes out).
        if (currentUnit is not null && currentUnit != unitId)
        {
            await SignalRPushObserver.EndAccessAsync(hub, watchers, patientId, unitId);
        }

        var view = await patient.GetViewAsync();
        return outcome == AdmissionOutcome.Admitted
            ? TypedResults.Created($"/api/v1/patients/{patientId}", view)
            : TypedResults.Ok(view);
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

    private static async Task<IResult> DischargeAsync(string patientId, IGrainFactory grains, IHubContext<MonitoringHub> hub, PatientWatchers watchers)
    {
        if (!Identifiers.IsValid(patientId))
        {
            return Problems.InvalidRouteValue("patientId");
        }

        if (!await grains.GetPatient(patientId).DischargeAsync())
        {
            return Problems.NotFound($"Patient '{patientId}' is not admitted.");
        }

        // Nobody watches a discharged patient live: out of the patient's group on this host now (other
        // hosts before anything more of the patient goes out, should the patient be admitted again).
        await SignalRPushObserver.EndAccessAsync(hub, watchers, patientId, unitId: null);
        return TypedResults.NoContent();
    }

    /// <summary>The answer to recorded observations: how many readings were taken.</summary>
    public sealed record ObservationsAnswer(int Accepted);
}
