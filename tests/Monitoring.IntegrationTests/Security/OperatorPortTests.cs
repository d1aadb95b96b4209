using System.Net;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A silo whose operator port listens on every address, as in a container or a pod.</summary>
public sealed class ExposedOperatorPortSystem() : RunningSystem(new Dictionary<string, string>())
{
    protected override string OperationsListenAddress => "0.0.0.0";
}

/// <summary>
/// The Orleans Dashboard shows grain state and live logs: on a network it is for operators only, while the
/// health checks stay open to probes and the metrics to Prometheus.
/// </summary>
public sealed class OperatorPortTests(ExposedOperatorPortSystem system) : IClassFixture<ExposedOperatorPortSystem>
{
    [Fact]
    public async Task On_a_network_the_dashboard_asks_for_an_operators_token_while_probes_and_metrics_need_none()
    {
        using var http = new HttpClient { BaseAddress = system.SiloOperationsUrl };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);

        var anonymous = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(http, "/dashboard", TestTokens.WrongKey("ops-1", ["operator"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(http, "/dashboard", system.Tokens.For("admin-1", ["admin"], "*"))).StatusCode);

        var token = system.Tokens.For("ops-1", ["operator"]);
        var dashboard = await GetAsync(http, "/dashboard/", token);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_operators_browser_gives_the_token_once_in_the_address_and_keeps_it_in_a_cookie_not_in_the_address()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = system.SiloOperationsUrl };

        var opened = await browser.GetAsync(new Uri($"/dashboard/?access_token={system.Tokens.For("ops-1", ["operator"])}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.DoesNotContain("access_token", opened.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        var cookie = Assert.Single(cookies.GetCookies(new Uri(system.SiloOperationsUrl, "/dashboard/")));
        Assert.Equal("/dashboard", cookie.Path);
        Assert.True(cookie.HttpOnly, "the token's cookie is readable by scripts");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = TestTokens.Bearer(token);
        return http.SendAsync(request);
    }
}
