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
    public async Task Whole_stay_asks_the_api_for_the_stays_range_and_draws_the_trends_of_that_stay_only()
    {
        var (_, patient, _) = await _ward.NewBedAsync("10");
        var stay = (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/stays"))[0];
        var admittedAt = stay.GetProperty("admittedAt").GetDateTimeOffset();
        // One heart rate charted before the admission (another stay's, say) and two in this stay.
        await ObservedAtAsync(patient, admittedAt.AddMinutes(-40), ("hr", 70));
        await ObservedAtAsync(patient, admittedAt.AddSeconds(1), ("hr", 90), ("sbp", 120), ("dbp", 80));
        await ObservedAtAsync(patient, admittedAt.AddSeconds(2), ("hr", 95));
        await Poll.UntilAsync(
            async () => (await system.Http.GetFromJsonAsync<JsonElement>($"/api/v1/patients/{patient}/vitals?code=hr")).GetProperty("readings").GetArrayLength() == 3 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the three heart rates to be stored");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            var asked = new List<string>();
            page.Request += (_, request) => asked.Add(request.Url);
            await page.GotoAsync(system.PageUrl($"/patient.html?patient={patient}"));
            var heartRate = page.Locator(".chart[data-codes='hr']");
            await Assertions.Expect(heartRate).ToHaveAttributeAsync("data-points", "3");
            await Assertions.Expect(page.Locator("#range option[value='stay']")).ToHaveTextAsync("whole stay");

            await page.Locator("#range").SelectOptionAsync(new SelectOptionValue { Label = "whole stay" });

            // The stay's range comes from the API's list of stays, and the trends are drawn from its admission on.
            await Assertions.Expect(page.Locator("#charts")).ToHaveAttributeAsync("data-from", admittedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(heartRate).ToHaveAttributeAsync("data-points", "2");
            await Assertions.Expect(heartRate.Locator("canvas")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".chart[data-codes='sbp,dbp']")).ToHaveAttributeAsync("data-points", "2");
            Assert.Contains(asked, url => url.EndsWith($"/api/v1/patients/{patient}/stays", StringComparison.Ordinal));
            var from = Uri.EscapeDataString(admittedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(asked, url => url.Contains("/vitals?code=hr&from=", StringComparison.Ordinal) && (url.Contains("from=" + from, StringComparison.Ordinal) || url.Contains("from=" + Uri.UnescapeDataString(from), StringComparison.Ordinal)));
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
    public async Task The_desaturation_tier_is_shown_changed_and_saved_a_tier_is_added_and_removed_and_a_wrong_tier_limit_is_refused_beside_its_field()
    {
        var (_, patient, device) = await _ward.NewBedAsync("11");

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            await page.GotoAsync(system.PageUrl($"/patient.html?patient={patient}"));
            var desat = page.GetByLabel("SpO₂ low tier 1 limit", new() { Exact = true });
            await Assertions.Expect(desat).ToHaveValueAsync("80");
            await Assertions.Expect(page.GetByLabel("SpO₂ low tier 1 code", new() { Exact = true })).ToHaveValueAsync("spo2-desat");
            await Assertions.Expect(page.GetByLabel("SpO₂ low tier 1 priority", new() { Exact = true })).ToHaveValueAsync("high");
            await Assertions.Expect(page.Locator("tr[data-code='spo2'][data-side='low']")).ToContainTextAsync("Desaturation");
            await Assertions.Expect(page.Locator("td[data-own]").Filter(new() { Has = desat })).ToHaveCountAsync(0); // the unit's

            // A higher desaturation limit, saved: the patient's own, the rest of the tier as it was.
            await desat.FillAsync("85");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
            await Assertions.Expect(page.Locator("#limits-status")).ToHaveTextAsync("Saved.");
            await Assertions.Expect(page.Locator("td[data-own]").Filter(new() { Has = page.Locator("#limit-spo2-lowTiers-0-limit") })).ToHaveCountAsync(1);
            var saved = await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits");
            Assert.Equal("""[{"code":"spo2-desat","limit":85,"priority":"high","conditionDelaySeconds":0,"hysteresis":2}]""",
                saved.GetProperty("spo2").GetProperty("lowTiers").GetRawText());
            Assert.Equal(40, saved.GetProperty("hr").GetProperty("low").GetDouble()); // nothing else became the patient's
            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("spo2", 84))).StatusCode);
            await Assertions.Expect(page.Locator("#alarm-history [data-alarm-id]")).ToContainTextAsync("Desaturation 84"); // at once, in words

            // A tier added below it, saved with its automatic code; then removed again.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add SpO₂ low tier" }).ClickAsync();
            await page.GetByLabel("SpO₂ low tier 2 limit", new() { Exact = true }).FillAsync("70");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("SpO₂ low tier 2 code", new() { Exact = true })).ToHaveValueAsync("spo2-low-3");
            Assert.Equal(["spo2-desat", "spo2-low-3"], LowTierCodes(await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")));
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove SpO₂ low tier 2" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
            await Assertions.Expect(page.Locator("#limits-status")).ToHaveTextAsync("Saved.");
            await Assertions.Expect(page.GetByLabel("SpO₂ low tier 2 limit", new() { Exact = true })).ToHaveCountAsync(0);
            Assert.Equal(["spo2-desat"], LowTierCodes(await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")));

            // A desaturation limit above the ordinary low one: the reason beside the tier's limit, nothing changed.
            var before = (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).ToString();
            await desat.FillAsync("95");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".field-error[data-field='spo2.lowTiers[0].limit']")).ToContainTextAsync("below the low limit");
            await Assertions.Expect(page.Locator("tr[data-code='spo2'][data-side='low'] .field-error")).ToHaveCountAsync(1); // beside the tier, not the vital
            await Assertions.Expect(desat).ToHaveAttributeAsync("aria-invalid", "true");
            Assert.Equal(before, (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/limits")).ToString());
        }
    }

    private static string[] LowTierCodes(JsonElement limits) =>
        [.. limits.GetProperty("spo2").GetProperty("lowTiers").EnumerateArray().Select(t => t.GetProperty("code").GetString()!)];

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
