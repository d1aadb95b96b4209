using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>The patient detail page: trends from the stored history and live, the alarm limits and the alarm history.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class PatientDetailTests(RunningSystem system)
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task The_trend_shows_the_last_hours_readings_then_new_ones_live_and_the_alarm_history_lists_the_alarm()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("8");
        var now = DateTimeOffset.UtcNow;
        // Charted by a nurse over the last hour (the device was bound just now: what it measured before is not this patient's).
        await ObservedAtAsync(patient, now.AddMinutes(-40), ("hr", 80));
        await ObservedAtAsync(patient, now.AddMinutes(-20), ("hr", 90));
        await ObservedAtAsync(patient, now.AddMinutes(-5), ("hr", 100), ("sbp", 212));
        await Poll.UntilAsync(
            async () => (await system.Http.GetFromJsonAsync<JsonElement>($"/api/v1/patients/{patient}/vitals?code=hr")).GetProperty("readings").GetArrayLength() == 3 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the three heart rates to be stored");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.GotoAsync(system.PageUrl($"/patient.html?patient={patient}"));
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");

            var heartRate = page.Locator(".chart[data-codes='hr']");
            await Assertions.Expect(heartRate).ToHaveAttributeAsync("data-points", "3");
            await Assertions.Expect(heartRate.Locator("canvas")).ToHaveCountAsync(1); // drawn by uPlot
            await Assertions.Expect(page.Locator("#patient-title")).ToContainTextAsync($"{unit} bed 8");
            var alarm = page.Locator("#alarm-history [data-alarm-id]");
            await Assertions.Expect(alarm).ToHaveCountAsync(1);
            await Assertions.Expect(alarm).ToContainTextAsync("sbp-high 212");

            // A new reading joins the trend without a reload.
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 4, ("hr", 110))).StatusCode);
            await Assertions.Expect(heartRate).ToHaveAttributeAsync("data-points", "4", new() { Timeout = 2000 });

            // A longer range holds the same four readings.
            await page.Locator("#range").SelectOptionAsync("24");
            await Assertions.Expect(heartRate).ToHaveAttributeAsync("data-points", "4");
        }
    }

    [Fact]
    public async Task A_limit_changed_on_the_page_is_saved_and_used_and_a_wrong_one_is_refused_beside_its_field_changing_nothing()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("9");
        var unitHigh = (await _ward.GetJsonAsync($"/api/v1/units/{unit}/limits")).GetProperty("hr").GetProperty("high").GetDouble();

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.GotoAsync(system.PageUrl($"/patient.html?patient={patient}"));
            var high = page.GetByLabel("Heart rate high", new() { Exact = true });
            await Assertions.Expect(high).ToHaveValueAsync(unitHigh.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // A lower high limit without delay, saved with the button, is the patient's own and alarms at once.
            await high.FillAsync("100");
            await page.GetByLabel("Heart rate delay (s)", new() { Exact = true }).FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
            await Assertions.Expect(page.Locator("#limits-status")).ToHaveTextAsync("Saved.");
            await Assertions.Expect(page.Locator("td[data-own]").Filter(new() { Has = page.Locator("#limit-hr-high") })).ToHaveCountAsync(1);
            var saved = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits");
            Assert.Equal(100, saved.GetProperty("hr").GetProperty("high").GetDouble());
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("hr", 110))).StatusCode);
            await Assertions.Expect(page.Locator("#alarm-history [data-alarm-id]")).ToContainTextAsync("hr-high 110");

            // A low limit above the high one: the server's reason beside the field, nothing changed.
            await page.GetByLabel("Heart rate low", new() { Exact = true }).FillAsync("130");
            await page.GetByLabel("Systolic BP high", new() { Exact = true }).FillAsync("150");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".field-error[data-field='hr.low']")).ToContainTextAsync("below the high limit");
            await Assertions.Expect(page.GetByLabel("Heart rate low", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Equal(saved.ToString(), (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).ToString());

            // Undo, clear the high limit and save: the unit's limit is in force again.
            await page.GetByRole(AriaRole.Button, new() { Name = "Undo changes" }).ClickAsync();
            await high.FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
            await Assertions.Expect(page.Locator("#limits-status")).ToHaveTextAsync("Saved.");
            await Assertions.Expect(high).ToHaveValueAsync(unitHigh.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(unitHigh, (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).GetProperty("hr").GetProperty("high").GetDouble());
        }
    }

    [Fact]
    public async Task A_nurse_who_is_not_an_admin_sees_the_limits_but_cannot_change_them()
    {
        var (unit, patient, _) = await _ward.NewBedAsync("10");
        var nurse = system.Tokens.For("nurse-readonly", ["nurse"], unit);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(system.PageUrl($"/patient.html?patient={patient}", nurse));

            await Assertions.Expect(page.GetByLabel("Heart rate high", new() { Exact = true })).ToBeDisabledAsync();
            await Assertions.Expect(page.Locator("#limits-readonly")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save limits" })).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
        }
    }

    private async Task ObservedAtAsync(string patient, DateTimeOffset at, params (string Code, double Value)[] readings)
    {
        var response = await system.Http.PostAsJsonAsync($"/api/v1/patients/{patient}/observations", new
        {
            readings = readings.Select(r => new { code = r.Code, value = r.Value, at }),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
