using System.Net.Http.Headers;
using Lib.Net.Http.WebPush.Authentication;

namespace Monitoring.Api.WebPush;

/// <summary>
/// Lib.Net.Http.WebPush 3.3.1 signs the VAPID JWT for <c>scheme://host</c>, leaving out a port that is not the scheme's
/// default; RFC 8292 §2 asks for the push resource's origin, port and all. Real push services listen on 443, where
/// the two agree; for one that does not (the tests' local push service), this signs again for the whole origin.
/// </summary>
public sealed class VapidOriginHandler(WebPushOptions settings) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { IsDefaultPort: false } uri && request.Headers.Authorization is { Scheme: var scheme } && string.Equals(scheme, "vapid", StringComparison.OrdinalIgnoreCase))
        {
            using var vapid = new VapidAuthentication(settings.PublicKey!.Trim(), settings.PrivateKey!.Trim()) { Subject = settings.Subject };
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, vapid.GetVapidSchemeAuthenticationHeaderValueParameter(uri.GetLeftPart(UriPartial.Authority)));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
