using System.Text.Json.Serialization;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;
using Monitoring.Api.Ingestion;
using Monitoring.Census;
using Monitoring.Ingestion;

namespace Monitoring.Api.Devices;

/// <summary>Readings in, and binding devices to patients.</summary>
public static class DeviceEndpoints
{
    /// <summary>The most a batch may hold in bytes, in a request or a stream message.</summary>
    public const long MaxReadingsBodyBytes = 1024 * 1024;
    private const long MaxBindingBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapDeviceEndpoints(this IEndpointRouteBuilder routes)
    {
        var devices = routes.MapGroup("/api/v1/devices/{deviceId}").WithTags("Devices");
        devices.MapPost("/readings", PostReadingsAsync).Allow(AccessScope.Device, CareRoles.Devices, AuditActions.Readings)
            .WithSummary("Send a batch of readings (a device, for itself); a batch sent again changes nothing")
            .ReadsJson<ReadingBatchRequest>()
            .Produces<IngestAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        devices.MapPut("/binding", PutBindingAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.Binding) // the patient is in the body
            .WithSummary("Bind a device to an admitted patient: its readings are theirs from now on")
            .ReadsJson<BindDeviceRequest>()
            .Produces<BindingAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> PostReadingsAsync(string deviceId, HttpRequest request, ReadingIntake intake, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(deviceId))
        {
            return Problems.InvalidRouteValue("deviceId");
        }

        var (body, problem) = await JsonBody.ReadAsync(request, MaxReadingsBodyBytes, RequestJson.Default.ReadingBatchRequest, ReadingBatchParser.Explain, cancellationToken);
        return problem ?? await intake.TakeAsync(deviceId, body!, request.HttpContext);
    }

    private static async Task<IResult> PutBindingAsync(
        string deviceId, HttpRequest request, IGrainFactory grains, CareAccess access, AuditTrail audit, Npgsql.NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(deviceId))
        {
            return Problems.InvalidRouteValue("deviceId");
        }

        var (binding, problem) = await JsonBody.ReadAsync(request, MaxBindingBodyBytes, RequestJson.Default.BindDeviceRequest, RequestFields.ExplainIdentifiers, cancellationToken);
        if ((problem ?? binding!.Validate()) is { } refused)
        {
            return refused;
        }

        var patientId = binding!.PatientId;
        var (context, resource) = (request.HttpContext, $"device/{deviceId}");
        if (await access.UnitOfPatientAsync(patientId) is { } unit && !context.User.MaySee(unit))
        {
            return access.Deny(context, AuditActions.Binding, resource, $"unit '{unit}' is not among your units");
        }

        // Taking a device from a patient of another unit stops that patient's monitoring: it needs rights
        // there too. The refusal does not say which unit (the device's use elsewhere is not the caller's to see).
        if (await BoundPatientAsync(database, deviceId, cancellationToken) is { } previous && previous != patientId
            && await access.UnitOfPatientAsync(previous) is { } previousUnit && !context.User.MaySee(previousUnit))
        {
            return access.Deny(context, AuditActions.Binding, resource, "the device is in use for a patient of a unit that is not among yours");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this binding right now; nothing was done. Send it again after the Retry-After delay.");
        }

        var outcome = await grains.GetDevice(deviceId).BindAsync(patientId);
        audit.Record(context, AuditActions.Binding, resource, outcome == BindingOutcome.PatientNotAdmitted ? AuditOutcomes.Failed : AuditOutcomes.Success, $"patient/{patientId}");
        return outcome switch
        {
            BindingOutcome.PatientNotAdmitted => Problems.NotFound($"Patient '{patientId}' is not admitted; admit them with POST /api/v1/patients first."),
            _ => TypedResults.Ok(new BindingAnswer(deviceId, patientId)),
        };
    }

    /// <summary>The patient the device is bound to now, as the census records it, or null.</summary>
    private static async Task<string?> BoundPatientAsync(Npgsql.NpgsqlDataSource database, string deviceId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select patient_id from device_bindings where device_id = $1 and unbound_at is null order by bound_at desc limit 1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = deviceId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// The answer to a reading batch; <see cref="RefusedBeforeBinding"/> (readings measured before the device was
    /// bound, not taken) appears only when there were some.
    /// </summary>
    public sealed record IngestAnswer(
        int Accepted,
        bool Duplicate,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int RefusedBeforeBinding = 0);

    /// <summary>The answer to a binding.</summary>
    public sealed record BindingAnswer(string DeviceId, string PatientId);
}
