using Microsoft.AspNetCore.Authentication;
using Monitoring.Api.Audit;
using Monitoring.Api.Gateways;
using Monitoring.Api.Http;
using Monitoring.Api.Ingestion;
using Monitoring.Api.Security;
using Monitoring.Json;
using Monitoring.Telemetry;

namespace Monitoring.Api.Streams;

/// <summary>
/// Readings over a persistent WebSocket (docs/streams.md): a device's own stream, and a gateway's, which carries
/// the batches of every device registered to it. Each message is a batch as <c>POST …/readings</c> takes it and
/// is answered by one <see cref="StreamAcknowledgement"/>; the token is checked when the stream opens and the
/// stream is closed when it expires.
/// </summary>
public static class StreamEndpoints
{
    /// <summary>Batches of one device taken at once; a device sends about one a second.</summary>
    public const int DeviceWindow = 8;

    /// <summary>Batches of one gateway taken at once, across its devices.</summary>
    public const int GatewayWindow = 256;

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/devices/{deviceId}/stream", DeviceStreamAsync).WithTags("Devices")
            .Allow(AccessScope.Device, CareRoles.Devices, AuditActions.Readings)
            .WithSummary("Open a WebSocket for a device's batches (a device, for itself): each text message a batch as POST …/readings takes it, each answered by one acknowledgement")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status426UpgradeRequired);
        routes.MapGet("/api/v1/gateways/{gatewayId}/stream", GatewayStreamAsync).WithTags("Gateways")
            .Allow(AccessScope.Gateway, CareRoles.Gateways, AuditActions.Readings)
            .WithSummary("Open a WebSocket for a gateway's batches (a gateway, for itself): each text message one device's batch with its deviceId, for the devices registered to the gateway")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status426UpgradeRequired);
        return routes;
    }

    private static Task<IResult> DeviceStreamAsync(string deviceId, HttpContext context, ReadingIntake intake, CallerRateLimiter callers) =>
        RunAsync(context, "deviceId", deviceId, DeviceWindow, async message =>
        {
            var (body, problem) = JsonBody.Read(message, RequestJson.Default.ReadingBatchRequest, ReadingBatchParser.Explain);
            if (problem is not null)
            {
                return StreamAcknowledgement.Of(null, StreamMessages.Names(message).Sequence, problem);
            }

            // A device's budget is the same over its stream as over requests.
            using var lease = callers.Limiter.AttemptAcquire(context);
            return lease.IsAcquired
                ? StreamAcknowledgement.Of(null, body!.Sequence, await intake.TakeAsync(deviceId, body, context))
                : StreamAcknowledgement.TooMany(null, body!.Sequence, RateLimitSetup.RetryAfterSeconds(lease));
        });

    private static Task<IResult> GatewayStreamAsync(
        string gatewayId, HttpContext context, ReadingIntake intake, GatewayRegistry registry, RefusedGatewayBatches refused, CallerRateLimiter callers) =>
        RunAsync(context, "gatewayId", gatewayId, GatewayWindow, async message =>
        {
            var (body, problem) = JsonBody.Read(message, RequestJson.Default.GatewayBatchRequest, ExplainGatewayBatch);
            if (problem is not null)
            {
                var (named, sequence) = StreamMessages.Names(message);
                return StreamAcknowledgement.Of(named, sequence, problem);
            }

            var deviceId = body!.DeviceId;
            if (deviceId is null || !Identifiers.IsValid(deviceId))
            {
                var errors = new FieldErrors();
                RequestFields.Identifier(deviceId, "deviceId", errors);
                return StreamAcknowledgement.Of(deviceId, body.Sequence, errors.AsProblem()!);
            }

            // The device as the registry and MLLP name it (an EUI-64 in its 16 upper-case hex digits): the one
            // checked is the one taken.
            var device = RegisterGatewayRequest.DeviceKey(deviceId);
            if (!await registry.GatewayMayReportAsync(gatewayId, device, context.RequestAborted))
            {
                refused.CountRefused(gatewayId, deviceId);
                return new StreamAcknowledgement(deviceId, body.Sequence, StatusCodes.Status403Forbidden, Title: "Forbidden.",
                    Detail: $"This gateway is not registered for device '{deviceId}'; nothing was taken. An admin adds it with PUT /api/v1/gateways/{gatewayId}/devices/{deviceId}.");
            }

            // Each device behind the gateway has the budget it would have on its own.
            using var lease = callers.BehindGateway.AttemptAcquire(device);
            return lease.IsAcquired
                ? StreamAcknowledgement.Of(deviceId, body.Sequence, await intake.TakeAsync(device, body.Batch, context))
                : StreamAcknowledgement.TooMany(deviceId, body.Sequence, RateLimitSetup.RetryAfterSeconds(lease));
        });

    /// <summary>Checks the route's id and the upgrade, then reads, takes and answers the stream until it ends.</summary>
    private static async Task<IResult> RunAsync(HttpContext context, string routeName, string routeValue, int window, Func<byte[], Task<StreamAcknowledgement>> take)
    {
        if (!Identifiers.IsValid(routeValue))
        {
            return Problems.InvalidRouteValue(routeName);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers.Upgrade = "websocket";
            return TypedResults.Problem(
                "This is a WebSocket: open it with a WebSocket upgrade (GET with Connection: Upgrade and Upgrade: websocket), or post batches to …/readings instead.",
                statusCode: StatusCodes.Status426UpgradeRequired,
                title: "Upgrade required.");
        }

        var services = context.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var expires = TokenExpiry(context);
        if (expires <= time.GetUtcNow())
        {
            // Still inside the sign-in's clock skew, but a stream would close at once: ask for a new token.
            return TypedResults.Problem("The token has expired; open the stream with a new one.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.");
        }

        var gateway = routeName == "gatewayId";
        var kind = new KeyValuePair<string, object?>("kind", gateway ? "gateway" : "device");
        var open = services.GetRequiredService<OpenStreams>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var stream = new ReadingStream(socket, window, gateway, time, services.GetRequiredService<ILogger<ReadingStream>>());
        var key = $"{kind.Value}:{routeValue}";
        open.Add(key, stream); // a sender has one stream per api host: a newer one replaces it
        MonitoringTelemetry.OpenStreams.Add(1, kind);
        try
        {
            await stream.RunAsync(take, expires, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, context.RequestAborted);
        }
        finally
        {
            MonitoringTelemetry.OpenStreams.Add(-1, kind);
            open.Remove(key, stream);
        }

        return Results.Empty;
    }

    private static string ExplainGatewayBatch(JsonFault fault) =>
        fault.Member == "deviceId" ? RequestFields.NotAnIdentifier("deviceId") : ReadingBatchParser.Explain(fault);

    /// <summary>When the token that opened the stream expires: its <c>exp</c>, or what sign-in recorded.</summary>
    private static DateTimeOffset? TokenExpiry(HttpContext context) =>
        context.User.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
}
