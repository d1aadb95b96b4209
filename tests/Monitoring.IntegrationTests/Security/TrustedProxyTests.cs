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
    private static HttpRequestMessage Anonymous(string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    [Fact]
    public async Task A_failed_sign_in_through_the_proxy_is_audited_with_the_address_the_proxy_saw()
    {
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        using var request = Anonymous("203.0.113.7");
        request.Headers.Authorization = TestTokens.Bearer(TestTokens.WrongKey("intruder", ["nurse"], "icu-3w"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Failed sign-ins are counted per client address, one row a second here (Audit:FailedSignInsEvery).
        var reason = await Poll.UntilAsync(
            () => system.Database.ScalarAsync<string?>("select reason from audit_events where client_address = '203.0.113.7' and action = 'sign-in' and outcome = 'failed'"),
            TimeSpan.FromSeconds(10), "the failed sign-in from the proxied client in the audit trail");
        Assert.StartsWith("1 failed sign-in since ", reason, StringComparison.Ordinal);
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
