using System.ComponentModel;
using Monitoring.Api.Http;

namespace Monitoring.Api.WebPush;

/// <summary>
/// The body of <c>POST /api/v1/push/subscriptions</c>: a browser's push subscription as <c>PushSubscription.toJSON()</c>
/// gives it. It is kept for the signed-in on-call person, with their units, until their sign-in expires.
/// </summary>
public sealed record PushSubscriptionRequest(
    [property: Description("The push service's URL for this browser: https (http only to hosts in WebPush:InsecureEndpointHosts), at most 2,048 characters.")]
    string? Endpoint,
    [property: Description("When the browser says the subscription ends (milliseconds since 1970), or null; not used.")]
    double? ExpirationTime,
    [property: Description("The subscription's keys, which the notifications are encrypted to (RFC 8291).")]
    PushSubscriptionKeys? Keys)
{
    public const int MaxEndpointLength = 2048;
    public const int AuthBytes = 16;

    /// <summary>Null when the subscription may be stored, else a 400 naming every field at fault.</summary>
    public IResult? Validate(IEnumerable<string> insecureHosts)
    {
        var errors = new FieldErrors();
        if (EndpointProblem(Endpoint, insecureHosts) is { } endpoint)
        {
            errors.Add("endpoint", endpoint);
        }

        if (Keys is null)
        {
            errors.Add("keys", "'keys' must hold the subscription's 'p256dh' and 'auth'.");
        }
        else
        {
            if (VapidKeys.Point(Keys.P256dh) is null)
            {
                errors.Add("keys.p256dh", "'keys.p256dh' must be an uncompressed P-256 public key (65 bytes) in base64url.");
            }

            if (VapidKeys.Bytes(Keys.Auth) is not { Length: AuthBytes })
            {
                errors.Add("keys.auth", $"'keys.auth' must be {AuthBytes} bytes in base64url.");
            }
        }

        return errors.AsProblem();
    }

    /// <summary>Why an endpoint is refused, or null: absolute https (or http to an allowed host), no user info, not too long.</summary>
    public static string? EndpointProblem(string? endpoint, IEnumerable<string> insecureHosts)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return "'endpoint' is required: the push service's URL from the browser's subscription.";
        }

        if (endpoint.Length > MaxEndpointLength)
        {
            return $"'endpoint' must be at most {MaxEndpointLength} characters.";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "'endpoint' must be an absolute URL without user name or fragment.";
        }

        var insecureAllowed = uri.Scheme == Uri.UriSchemeHttp && insecureHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
        return uri.Scheme == Uri.UriSchemeHttps || insecureAllowed
            ? null
            : "'endpoint' must be an https URL (a push service).";
    }
}
