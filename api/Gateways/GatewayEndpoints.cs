using System.Globalization;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.Gateways;

/// <summary>
/// The gateways (MLLP and WebSocket) and the devices each may report for. Registering one lets its sender speak for
/// patients in any unit, so it is for an admin of every unit; every change is audited.
/// </summary>
public static class GatewayEndpoints
{
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder routes)
    {
        var gateway = routes.MapGroup("/api/v1/gateways/{gatewayId}").WithTags("Gateways");
        gateway.MapPut("", PutAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.GatewayRegister)
            .WithSummary("Register a gateway (for MLLP by its client certificate or source address, for WebSocket by its token) with every device it may report for")
            .ReadsJson<RegisterGatewayRequest>()
            .Produces<GatewayAnswer>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        gateway.MapGet("", GetAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.GatewayRegister)
            .WithSummary("A registered gateway and its devices")
            .Produces<GatewayAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        gateway.MapDelete("", DeleteAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.GatewayRemove)
            .WithSummary("Remove a gateway: its messages and batches are refused from then on")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        gateway.MapPut("/devices/{deviceId}", AddDeviceAsync)
            .Allow(AccessScope.None, CareRoles.Admins, AuditActions.GatewayRegister)
            .WithSummary("Let a registered gateway report for one more device")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        gateway.MapDelete("/devices/{deviceId}", RemoveDeviceAsync)
            .Allow(AccessScope.None, CareRoles.Admins, AuditActions.GatewayRemove)
            .WithSummary("Stop a registered gateway reporting for one device")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> PutAsync(
        string gatewayId, HttpRequest request, GatewayRegistry registry, CareAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        if (Refused(gatewayId, context, access, AuditActions.GatewayRegister) is { } refused)
        {
            return refused;
        }

        var (body, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.RegisterGatewayRequest, RequestFields.Unknown, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Validate(out var invalid) is not var (identity, devices))
        {
            return invalid!;
        }

        // Neither a certificate nor an address keeps the MLLP identity the gateway has: an MLLP gateway registered
        // again to stream as well goes on being heard on the MLLP port. Removing the gateway removes its identity.
        identity ??= (await registry.GetAsync(gatewayId, cancellationToken))?.Identity;

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this registration right now; nothing was done. Send it again after the Retry-After delay.");
        }

        var gateway = new MllpGateway(gatewayId, identity, devices, context.User.Subject(), time.GetUtcNow());
        var change = await registry.PutAsync(gateway, cancellationToken);
        if (change == GatewayChange.IdentityTaken)
        {
            audit.Record(context, AuditActions.GatewayRegister, Resource(gatewayId), AuditOutcomes.Failed, "another gateway is registered with this identity");
            return Problems.Conflict($"Another gateway is registered with this {(body.CertificateThumbprint is null ? "source address" : "certificate")}; remove it or change it first.");
        }

        audit.Record(context, AuditActions.GatewayRegister, Resource(gatewayId), AuditOutcomes.Success,
            string.Create(CultureInfo.InvariantCulture, $"{(change == GatewayChange.Registered ? "registered" : "changed")} as {identity ?? "a WebSocket gateway"} for {devices.Length} device{(devices.Length == 1 ? "" : "s")}"));
        return TypedResults.Ok(GatewayAnswer.Of(gateway));
    }

    private static async Task<IResult> GetAsync(string gatewayId, HttpContext context, GatewayRegistry registry, CareAccess access, CancellationToken cancellationToken)
    {
        if (Refused(gatewayId, context, access, AuditActions.GatewayRegister) is { } refused)
        {
            return refused;
        }

        return await registry.GetAsync(gatewayId, cancellationToken) is { } gateway
            ? TypedResults.Ok(GatewayAnswer.Of(gateway))
            : Problems.NotFound($"No gateway '{gatewayId}' is registered.");
    }

    private static async Task<IResult> DeleteAsync(string gatewayId, HttpContext context, GatewayRegistry registry, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (Refused(gatewayId, context, access, AuditActions.GatewayRemove) is { } refused)
        {
            return refused;
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this removal right now; nothing was done. Send it again after the Retry-After delay.");
        }

        if (!await registry.DeleteAsync(gatewayId, cancellationToken))
        {
            return Problems.NotFound($"No gateway '{gatewayId}' is registered.");
        }

        audit.Record(context, AuditActions.GatewayRemove, Resource(gatewayId), AuditOutcomes.Success);
        return TypedResults.NoContent();
    }

    private static Task<IResult> AddDeviceAsync(string gatewayId, string deviceId, HttpContext context, GatewayRegistry registry, CareAccess access, AuditTrail audit, CancellationToken cancellationToken) =>
        ChangeDeviceAsync(gatewayId, deviceId, add: true, context, registry, access, audit, cancellationToken);

    private static Task<IResult> RemoveDeviceAsync(string gatewayId, string deviceId, HttpContext context, GatewayRegistry registry, CareAccess access, AuditTrail audit, CancellationToken cancellationToken) =>
        ChangeDeviceAsync(gatewayId, deviceId, add: false, context, registry, access, audit, cancellationToken);

    private static async Task<IResult> ChangeDeviceAsync(
        string gatewayId, string deviceId, bool add, HttpContext context, GatewayRegistry registry, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        var action = add ? AuditActions.GatewayRegister : AuditActions.GatewayRemove;
        if (Refused(gatewayId, context, access, action) is { } refused)
        {
            return refused;
        }

        if (!Identifiers.IsValid(deviceId))
        {
            return Problems.InvalidRouteValue("deviceId");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this change right now; nothing was done. Send it again after the Retry-After delay.");
        }

        deviceId = RegisterGatewayRequest.DeviceKey(deviceId);
        if (await registry.ChangeDeviceAsync(gatewayId, deviceId, add, context.User.Subject(), cancellationToken) == GatewayChange.NotFound)
        {
            return Problems.NotFound($"No gateway '{gatewayId}' is registered; register it with PUT /api/v1/gateways/{gatewayId} first.");
        }

        audit.Record(context, action, Resource(gatewayId), AuditOutcomes.Success, $"{(add ? "may now report for" : "may no longer report for")} device {deviceId}");
        return TypedResults.NoContent();
    }

    /// <summary>A bad gateway id (400), or a caller who does not see every unit (403, audited); null when neither.</summary>
    private static IResult? Refused(string gatewayId, HttpContext context, CareAccess access, string action)
    {
        if (!Identifiers.IsValid(gatewayId))
        {
            return Problems.InvalidRouteValue("gatewayId");
        }

        // A gateway speaks for whichever patients its devices are bound to, in any unit, now or later.
        return context.User.SeesAllUnits()
            ? null
            : access.Deny(context, action, Resource(gatewayId), "a gateway may report for patients of every unit: it needs an admin of every unit");
    }

    private static string Resource(string gatewayId) => $"gateway/{gatewayId}";

    /// <summary>A registered gateway: its certificate's SHA-256 or its source address for MLLP, or neither when it only streams over WebSocket.</summary>
    public sealed record GatewayAnswer(string GatewayId, string? CertificateThumbprint, string? SourceAddress, IReadOnlyList<string> Devices, string RegisteredBy, DateTimeOffset RegisteredAt)
    {
        public static GatewayAnswer Of(MllpGateway gateway)
        {
            ArgumentNullException.ThrowIfNull(gateway);
            var (kind, value) = gateway.Identity?.Split(':', 2) is [var k, var v] ? (k, v) : ("", gateway.Identity);
            return new(gateway.GatewayId, kind == "certificate" ? value : null, kind == "address" ? value : null, gateway.Devices, gateway.RegisteredBy, gateway.RegisteredAt);
        }
    }
}
