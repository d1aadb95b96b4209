using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The on-call view as an installable app, on the shared system, which has no push keys: push is off and the page says so.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class OnCallAppTests(RunningSystem system)
{
    [Fact]
    public async Task The_on_call_page_installs_as_a_standalone_app_with_its_icons_under_the_content_security_policy()
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };

        using var manifest = await anonymous.GetAsync("/oncall.webmanifest");

        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        using var app = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        Assert.Equal("standalone", app.RootElement.GetProperty("display").GetString());
        Assert.Equal("/oncall.html", app.RootElement.GetProperty("start_url").GetString());
        Assert.StartsWith(app.RootElement.GetProperty("scope").GetString()!, "/oncall.html", StringComparison.Ordinal);
        var sizes = new List<string>();
        foreach (var icon in app.RootElement.GetProperty("icons").EnumerateArray())
        {
            using var image = await anonymous.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            sizes.Add(icon.GetProperty("sizes").GetString()!);
        }

        Assert.Equal(["192x192", "512x512"], sizes); // what browsers ask of an installable app
        using var worker = await anonymous.GetAsync("/oncall-sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType?.MediaType);
        var policy = worker.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("worker-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("manifest-src 'self'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_phone_without_push_keys_on_the_server_the_page_says_it_will_not_ring_and_still_works()
    {
        var token = system.Tokens.For(WardClient.NewId("dr"), ["oncall"], WardClient.NewId("unit"));
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
            var errors = new List<string>();
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text); // a CSP refusal shows here
                }
            };
            await page.GotoAsync(system.PageUrl("/oncall.html", token));

            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            await Assertions.Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-worker", "registered");
            await Assertions.Expect(page.Locator("#alerts-state")).ToHaveAttributeAsync("data-state", "server-off");
            await Assertions.Expect(page.Locator("#alerts-state")).ToContainTextAsync("no push keys");
            await Assertions.Expect(page.Locator("#alerts-on")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#escalations-empty")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
            Assert.Empty(errors);
        }
    }
}
