using System.Net;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A system behind a reverse proxy on 127.0.0.1 (where the tests connect from), with a low anonymous rate limit.</summary>
public sealed class ProxiedSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Proxies__Trusted__0"] = "127.0.0.1",
    ["RateLimits__AnonymousPerSecond"] = "5",
});

/// <summary>
/// Behind a trusted proxy, the client is who the proxy says it is (X-Forwarded-For), in the audit trail
/// and in the anonymous rate limit; without one configured, the header is ignored (AuditTrailTests: every
/// row names 127.0.0.1 there).
/// </summary>
public sealed class TrustedProxyTests(ProxiedSystem system) : IClassFixture<ProxiedSystem>
{
    private static HttpRequestMessage Anonymous(string forwardedFor, string? traceId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (traceId is not null)
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        }

        return request;
    }

    [Fact]
    public async Task A_failed_sign_in_through_the_proxy_is_audited_with_the_address_the_proxy_saw()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        using var request = Anonymous("203.0.113.7", traceId);
        request.Headers.Authorization = TestTokens.Bearer(TestTokens.WrongKey("intruder", ["nurse"], "icu-3w"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var address = await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>("select client_address from audit_events where trace_id = $1 and action = 'sign-in'", traceId),
            TimeSpan.FromSeconds(10), "the failed sign-in in the audit trail");
        Assert.Equal("203.0.113.7", address);
    }

    [Fact]
    public async Task Each_client_behind_the_proxy_has_its_own_anonymous_budget()
    {
        using var http = new HttpClient { BaseAddress = system.ApiUrl };

        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var request = Anonymous("198.51.100.1");
            return (await http.SendAsync(request)).StatusCode;
        }));

        Assert.Contains(HttpStatusCode.TooManyRequests, flood);
        using var other = Anonymous("198.51.100.2");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(other)).StatusCode); // refused for want of a token, not for the flood
    }
}
