using System.Globalization;
using Microsoft.Extensions.Options;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.WebPush;

/// <summary>
/// Push notifications to on-call phones: the public key to subscribe with, and a browser's subscription stored or
/// forgotten for the signed-in on-call person. Changes are audited.
/// </summary>
public static class WebPushEndpoints
{
    private const long MaxBodyBytes = 8 * 1024;

    /// <summary>A token without an expiry (none the api accepts) still gives a subscription no longer than this.</summary>
    private static readonly TimeSpan LongestSubscription = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapWebPushEndpoints(this IEndpointRouteBuilder routes)
    {
        var push = routes.MapGroup("/api/v1/push").WithTags("Push");
        push.MapGet("/public-key", (IOptions<WebPushOptions> options) =>
                TypedResults.Ok(options.Value.Enabled ? new PushPublicKeyAnswer(true, options.Value.PublicKey!.Trim()) : new PushPublicKeyAnswer(false, null)))
            .Allow(AccessScope.None, CareRoles.OnCallStaff, AuditActions.PushSubscribe)
            .WithSummary("Whether this server pushes escalations to phones, and the VAPID public key to subscribe with");
        push.MapPost("/subscriptions", SubscribeAsync).AllowAudited(AccessScope.None, CareRoles.OnCallStaff, AuditActions.PushSubscribe)
            .WithSummary("Store this browser's push subscription for the signed-in on-call person: escalations in their units ring it until their sign-in expires")
            .ReadsJson<PushSubscriptionRequest>()
            .Produces<PushSubscriptionAnswer>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);
        push.MapDelete("/subscriptions", UnsubscribeAsync).AllowAudited(AccessScope.None, CareRoles.OnCallStaff, AuditActions.PushUnsubscribe)
            .WithSummary("Forget one of the signed-in person's push subscriptions, by its endpoint")
            .ReadsJson<PushUnsubscribeRequest>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> SubscribeAsync(
        HttpRequest request, IOptions<WebPushOptions> options, PushSubscriptionStore store, CareAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var context = request.HttpContext;
        var (body, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.PushSubscriptionRequest, RequestFields.Unknown, cancellationToken);
        if ((problem ?? body!.Validate(settings.InsecureEndpointHosts)) is { } refused)
        {
            return refused;
        }

        if (!settings.Enabled)
        {
            return Problems.Conflict($"Push notifications are off on this server ({WebPushOptions.Section}:{nameof(WebPushOptions.PublicKey)} and {WebPushOptions.Section}:{nameof(WebPushOptions.PrivateKey)} are not set); nothing was stored.");
        }

        var user = context.User;
        var units = user.Units().Distinct(StringComparer.Ordinal).ToArray();
        if (units.Length == 0)
        {
            return access.Deny(context, AuditActions.PushSubscribe, request.Path, "your sign-in names no units, so no escalation would reach this phone");
        }

        var now = time.GetUtcNow();
        var expiresAt = long.TryParse(user.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : now + LongestSubscription;
        if (expiresAt > now + LongestSubscription)
        {
            expiresAt = now + LongestSubscription;
        }

        await store.SaveAsync(body!.Endpoint!, body.Keys!.P256dh!.TrimEnd('='), body.Keys.Auth!.TrimEnd('='), user.Subject(), units, expiresAt, cancellationToken);
        return TypedResults.Created((string?)null, new PushSubscriptionAnswer(units, expiresAt));
    }

    private static async Task<IResult> UnsubscribeAsync(HttpRequest request, PushSubscriptionStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.PushUnsubscribeRequest, RequestFields.Unknown, cancellationToken);
        if ((problem ?? body!.Validate()) is { } refused)
        {
            return refused;
        }

        return await store.DeleteAsync(body!.Endpoint!, request.HttpContext.User.Subject(), cancellationToken) is null
            ? Problems.NotFound("No push subscription of yours has this endpoint.")
            : TypedResults.NoContent();
    }
}
