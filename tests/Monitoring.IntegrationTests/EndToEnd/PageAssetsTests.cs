using System.Net;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>What a browser asks for before anyone has signed in: the pages and their icon.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed partial class PageAssetsTests(RunningSystem system)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/oncall.html")]
    [InlineData("/patient.html")]
    [InlineData("/replay.html")]
    [InlineData("/analytics.html")]
    public async Task Every_page_names_an_icon_the_browser_gets_without_signing_in(string page)
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };

        var html = await anonymous.GetStringAsync(page);
        var icon = IconLink().Match(html);
        Assert.True(icon.Success, $"{page} names no icon");

        using var answer = await anonymous.GetAsync(new Uri(new Uri(system.ApiUrl, page), icon.Groups["href"].Value));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("image/x-icon", answer.Content.Headers.ContentType?.MediaType);
        Assert.True((await answer.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task The_icon_browsers_ask_for_by_default_is_served_not_refused()
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };

        using var answer = await anonymous.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [GeneratedRegex("""<link rel="icon" href="(?<href>[^"]+)">""")]
    private static partial Regex IconLink();
}
