using System.Net;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The central station on a 1920×1080 wall screen and on a phone: the bed in alarm is the first thing
/// on screen, nothing runs off the side, values are large and in high contrast, buttons easy to hit.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardLayoutTests(RunningSystem system)
{
    // WCAG 2.x contrast ratio of an element's text against its tile, alpha blended over the tile.
    private const string ContrastScript = """
        ([node, tile]) => {
          const rgba = (s) => (s.match(/[\d.]+/g) ?? []).map(Number);
          const [br, bg, bb] = rgba(getComputedStyle(tile).backgroundColor);
          const [r, g, b, a = 1] = rgba(getComputedStyle(node).color);
          const mix = [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)];
          const lum = ([x, y, z]) => [x, y, z].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
            .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
          const [hi, lo] = [lum(mix), lum([br, bg, bb])].sort((p, q) => q - p);
          return (hi + 0.05) / (lo + 0.05);
        }
        """;

    private readonly WardClient _ward = new(system.Http);

    [Theory]
    [InlineData(1920, 1080, 32)] // the central-station screen, read from across the room
    [InlineData(390, 844, 28)]   // a phone
    public async Task The_bed_in_alarm_is_first_on_screen_large_in_high_contrast_with_a_big_acknowledge_button(int width, int height, double minValuePixels)
    {
        var unit = WardClient.NewId("unit");
        for (var bed = 1; bed <= 11; bed++)
        {
            await _ward.AdmitAsync(WardClient.NewId("p"), unit, bed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var sick = WardClient.NewId("p");
        var device = WardClient.NewId("dev");
        await _ward.AdmitAsync(sick, unit, "12");
        await _ward.BindAsync(device, sick);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, ReducedMotion = ReducedMotion.Reduce });
            var page = await context.NewPageAsync();
            await page.GotoAsync(system.PageUrl($"/?unit={unit}"));
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            await Assertions.Expect(page.Locator(".tile")).ToHaveCountAsync(12);

            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("hr", 88), ("sbp", 80), ("dbp", 50))).StatusCode);
            var tile = page.Locator($"[data-patient='{sick}']");
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-priority", "high", new() { Timeout = 2000 });
            await Assertions.Expect(page.Locator(".tile").First).ToHaveAttributeAsync("data-patient", sick);

            // Nothing runs off the side; the bed in alarm is on screen without scrolling.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the page scrolls sideways");
            Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") == 0);
            var box = await tile.BoundingBoxAsync() ?? throw new InvalidOperationException("the tile is not laid out");
            Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width && box.Y + box.Height <= height, $"the alarming tile is not wholly on screen: {box.X},{box.Y} {box.Width}×{box.Height}");

            // Large values, high contrast: WCAG's 4.5:1 (AAA for large text, AA for the small labels).
            var value = tile.Locator("[data-vital='hr']");
            await Assertions.Expect(value).ToHaveTextAsync("88");
            Assert.True(await value.EvaluateAsync<double>("v => parseFloat(getComputedStyle(v).fontSize)") >= minValuePixels, "the values are too small to read at a distance");
            var tileHandle = await tile.ElementHandleAsync();
            foreach (var (selector, minimum) in new[] { ("[data-vital='hr']", 4.5), (".bed", 4.5), (".vital dt", 4.5), (".patient", 4.5) })
            {
                var contrast = await page.EvaluateAsync<double>(ContrastScript, new object[] { await tile.Locator(selector).First.ElementHandleAsync(), tileHandle });
                Assert.True(contrast >= minimum, $"{selector} has a contrast of {contrast:0.0}:1 on a red tile, below {minimum}:1");
            }

            // The acknowledge button is a comfortable target (44 px) and works from the tile.
            var ack = tile.Locator("button[data-ack]");
            var ackBox = await ack.BoundingBoxAsync() ?? throw new InvalidOperationException("no acknowledge button");
            Assert.True(ackBox.Height >= 44, $"the acknowledge button is {ackBox.Height} px high");
            await ack.ClickAsync();
            await Assertions.Expect(tile).ToHaveAttributeAsync("data-alarm-state", "acknowledged", new() { Timeout = 2000 });
        }
    }
}
