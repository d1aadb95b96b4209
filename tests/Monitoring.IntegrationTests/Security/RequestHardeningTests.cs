using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>Rate limits per device and per person, security headers, no CORS, and the body size limit.</summary>
public sealed class RequestHardeningTests(LimitedSystem system) : IClassFixture<LimitedSystem>
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task A_device_that_floods_gets_429_with_Retry_After_while_another_device_is_served()
    {
        var (_, _, flooder) = await _ward.NewBedAsync();
        var (_, _, neighbour) = await _ward.NewBedAsync();

        var answers = await Task.WhenAll(Enumerable.Range(1, 80).Select(i => _ward.PostReadingsAsync(flooder, i, ("hr", 80))));

        var refused = answers.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.True(answers.Count(r => r.StatusCode == HttpStatusCode.Accepted) >= 10, "the device's own budget was not served at all");
        Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }));
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(neighbour, 1, ("hr", 80))).StatusCode);
    }

    [Fact]
    public async Task A_device_that_floods_through_its_gateway_gets_429_with_retryAfter_while_the_gateways_other_device_is_served()
    {
        var (_, _, flooder) = await _ward.NewBedAsync();
        var (_, _, neighbour) = await _ward.NewBedAsync();
        var gateway = await system.RegisterStreamingGatewayAsync(flooder, neighbour);

        await using var stream = await StreamClient.OpenGatewayAsync(system, gateway);
        for (var sequence = 1; sequence <= 60; sequence++)
        {
            await stream.SendBatchAsync(sequence, flooder, ("hr", 80));
        }

        var answers = await stream.ReceiveAsync(60);
        var refused = answers.Where(a => a.GetProperty("status").GetInt32() == 429).ToList();
        Assert.NotEmpty(refused);
        Assert.True(answers.Count(a => a.GetProperty("status").GetInt32() == 202) >= 10, "the device's own budget was not served at all");
        Assert.All(answers, a => Assert.Contains(a.GetProperty("status").GetInt32(), new[] { 202, 429 }));
        Assert.True(refused[0].GetProperty("retryAfter").GetInt32() >= 1, refused[0].ToString());
        await stream.SendBatchAsync(1, neighbour, ("hr", 80));
        Assert.Equal(202, (await stream.ReceiveAsync())!.Value.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_person_who_floods_gets_429_and_someone_else_is_still_served()
    {
        var (unit, patient, _) = await _ward.NewBedAsync();
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        var flooder = TestTokens.Bearer(system.Tokens.For("flooding-nurse", ["nurse"], unit));

        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients/{patient}") { Headers = { Authorization = flooder } };
            return (await http.SendAsync(request)).StatusCode;
        }));

        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.All(answers, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients/{patient}") { Headers = { Authorization = TestTokens.Bearer(system.Tokens.For("calm-nurse", ["nurse"], unit)) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task A_person_who_floods_the_hub_is_refused_as_over_REST_and_someone_else_is_still_served()
    {
        var (unit, patient, _) = await _ward.NewBedAsync();
        await using var flooder = await system.ConnectHubAsync(system.Tokens.For("hub-flooding-nurse", ["nurse"], unit));

        var refusals = (await Task.WhenAll(Enumerable.Range(0, 80).Select(async _ =>
        {
            try
            {
                await flooder.InvokeAsync("JoinPatient", patient);
                return null;
            }
            catch (Microsoft.AspNetCore.SignalR.HubException refused)
            {
                return refused.Message;
            }
        }))).OfType<string>().ToList();

        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Contains("Too many requests from this caller; JoinPatient was not done. Call it again after", r, StringComparison.Ordinal));
        await using var calm = await system.ConnectHubAsync(system.Tokens.For("calm-hub-nurse", ["nurse"], unit));
        await calm.InvokeAsync("JoinPatient", patient);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/patient.html")]
    [InlineData("/api/v1/me")]
    public async Task Pages_and_answers_carry_the_security_headers(string path)
    {
        using var response = await system.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Another_origin_gets_no_CORS_permission()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/units");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/units");
        get.Headers.Add("Origin", "https://evil.example");

        foreach (var request in new[] { preflight, get })
        {
            using var response = await system.Http.SendAsync(request);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{request.Method} allowed another origin");
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_and_the_api_stays_up()
    {
        var (_, _, device) = await _ward.NewBedAsync();
        var huge = new string(' ', 3 * 1024 * 1024) + "{}";

        using var response = await system.Http.PostAsync(new Uri($"/api/v1/devices/{device}/readings", UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((await system.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode);
    }
}
