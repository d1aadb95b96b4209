using System.Text.RegularExpressions;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Signs each request of the tests' shared client as whoever would send it: a device for its own
/// readings, the hospital-wide staff member otherwise, or the person named with <see cref="As"/>.
/// A request that carries its own Authorization header is left alone (the authorization tests do).
/// </summary>
public sealed partial class SignedInHandler(TestTokens tokens) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Signs the request in as this nurse (and on-call) of every unit: acknowledgements record them.</summary>
    public static readonly HttpRequestOptionsKey<string> As = new("test-subject");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            request.Headers.Authorization = TestTokens.Bearer(
                request.Options.TryGetValue(As, out var subject) ? tokens.For(subject, ["nurse", "oncall"], "*")
                : DeviceReadings().Match(path) is { Success: true } match ? tokens.Device(Uri.UnescapeDataString(match.Groups[1].Value))
                : tokens.Staff);
        }

        return base.SendAsync(request, cancellationToken);
    }

    [GeneratedRegex("^/api/v1/devices/([^/]+)/readings$")]
    private static partial Regex DeviceReadings();
}
