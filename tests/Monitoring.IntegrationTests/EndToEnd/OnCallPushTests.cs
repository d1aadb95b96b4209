using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The on-call view as an installable app that rings: an escalation is pushed (Web Push, VAPID, aes128gcm) to the
/// phones of on-call staff of the alarm's unit, through a push service on loopback that checks and decrypts it as a
/// browser vendor's and a browser would; delivered into the page's service worker, it shows a notification whose
/// Acknowledge action acknowledges the alarm as that doctor.
/// </summary>
public sealed class OnCallPushTests(PushSystem system) : IClassFixture<PushSystem>
{
    private static readonly TimeSpan EscalationDeadline = TimeSpan.FromSeconds(30); // a 5 s window, and the push after it
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_escalation_rings_the_subscribed_phone_and_its_Acknowledge_action_acknowledges_the_alarm_as_that_doctor()
    {
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        var (unit, patient, device) = await NewEscalatingBedAsync("7");
        var doctor = WardClient.NewId("dr");
        var token = system.Tokens.For(doctor, ["oncall"], unit);

        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var origin = system.ApiUrl.GetLeftPart(UriPartial.Authority);
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
            await context.GrantPermissionsAsync(["notifications"], new() { Origin = origin });
            var page = await context.NewPageAsync();
            await page.GotoAsync(system.PageUrl("/oncall.html", token));
            await Assertions.Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
            // The server pushes and this browser may: the page offers to ring the phone, its service worker is in place.
            await Assertions.Expect(page.Locator("#alerts-state")).ToHaveAttributeAsync("data-state", "available");
            await Assertions.Expect(page.Locator("#alerts-on")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("async () => !!(await navigator.serviceWorker.ready).active"));

            // Headless Chromium reaches no real push service: the phone's subscription is the test's, registered as the
            // page would register it, signed in as the doctor.
            var phone = pushService.NewSubscription();
            Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(token, phone)).StatusCode);

            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);
            var push = await pushService.WaitForAsync(phone, _ => true, EscalationDeadline, "the escalation pushed to the doctor's phone");

            Assert.Null(push.Problem);
            using var payload = JsonDocument.Parse(push.Payload!);
            var escalation = payload.RootElement;
            Assert.Equal("escalation", escalation.GetProperty("type").GetString());
            Assert.Equal(unit, escalation.GetProperty("unitId").GetString());
            Assert.Equal("7", escalation.GetProperty("bed").GetString());
            Assert.Equal("sbp-low", escalation.GetProperty("code").GetString());
            Assert.Equal("high", escalation.GetProperty("priority").GetString());
            Assert.Equal(80, escalation.GetProperty("value").GetDouble());
            Assert.Equal(1, escalation.GetProperty("escalationLevel").GetInt32());
            Assert.True(escalation.GetProperty("raisedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.DoesNotContain(patient, push.Payload, StringComparison.Ordinal); // no patient identifier leaves for a push service
            var alarmId = escalation.GetProperty("alarmId").GetString()!;

            // The push service hands the message to the browser: into the page's service worker, which rings.
            await DeliverPushAsync(context, page, origin, push.Payload!);
            var shown = await WaitForNotificationAsync(page, alarmId, n => n.GetProperty("title").GetString()!.StartsWith("Escalated", StringComparison.Ordinal), "the escalation's notification");
            Assert.Equal($"Escalated: sbp-low 80 · {unit} · bed 7", shown.GetProperty("title").GetString());
            Assert.StartsWith("high priority, level 1", shown.GetProperty("body").GetString(), StringComparison.Ordinal);
            Assert.Equal(["acknowledge"], shown.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!).ToArray());
            Assert.True(shown.GetProperty("requireInteraction").GetBoolean());

            // The doctor taps "Acknowledge" on the notification: the service worker's click handler runs with that action.
            await EvaluateInServiceWorkerAsync(browser, $"(async () => {{ const [n] = await self.registration.getNotifications({{ tag: 'alarm:{alarmId}' }}); await onNotificationClick(n, 'acknowledge'); return true; }})()");

            var answered = await WaitForNotificationAsync(page, alarmId, n => n.GetProperty("title").GetString()!.StartsWith("Acknowledged", StringComparison.Ordinal), "the notification saying it is acknowledged");
            Assert.Equal($"Acknowledged by {doctor}.", answered.GetProperty("body").GetString());
            // The page, open beside it, hears of it too: the escalation leaves its list.
            await Assertions.Expect(page.Locator($"#escalations [data-alarm-id='{alarmId}']")).ToHaveCountAsync(0);
        }

        // The server agrees, and the audit trail names the doctor.
        await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/patients/{patient}/alarms?state=acknowledged")).EnumerateArray()
                .Any(a => a.GetProperty("code").GetString() == "sbp-low" && a.GetProperty("acknowledgedBy").GetString() == doctor) ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the alarm acknowledged by the doctor in the patient's alarms");
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>(
                "select count(*) from audit_events where action = 'alarm.acknowledge' and outcome = 'success' and subject = $1 and resource like 'alarm/%' and roles = 'oncall'", doctor) == 1 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the acknowledgement's audit row, as the doctor");
    }

    [Fact]
    public async Task Each_escalation_rings_a_phone_once_though_two_api_hosts_hear_it_and_never_a_phone_of_another_unit()
    {
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        var (second, secondUrl) = await system.StartAdditionalApiAsync();
        await using (second)
        {
            var (unit, _, device) = await NewEscalatingBedAsync("3");
            var otherUnit = WardClient.NewId("unit");
            var phone = pushService.NewSubscription();
            var otherPhone = pushService.NewSubscription();
            Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(system.Tokens.For(WardClient.NewId("dr"), ["oncall"], unit), phone)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(system.Tokens.For(WardClient.NewId("dr"), ["oncall"], otherUnit), otherPhone)).StatusCode);

            // Both hosts' observers hear every escalation (their on-call hubs show it).
            await using var firstHub = await system.ConnectHubAsync();
            await using var secondHub = new HubConnectionBuilder().WithUrl(new Uri(secondUrl, "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(system.Tokens.Staff)).Build();
            await secondHub.StartAsync();
            var heardByFirst = new HubEvents(firstHub, "escalation");
            var heardBySecond = new HubEvents(secondHub, "escalation");
            await firstHub.InvokeAsync("JoinOnCall");
            await secondHub.InvokeAsync("JoinOnCall");

            Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);
            foreach (var level in new[] { 1, 2 })
            {
                foreach (var (hub, host) in new[] { (heardByFirst, "first"), (heardBySecond, "second") })
                {
                    await hub.WaitForAsync(e => e.GetProperty("unitId").GetString() == unit && e.GetProperty("escalationLevel").GetInt32() == level, EscalationDeadline, $"level {level} heard by the {host} api host");
                }

                await pushService.WaitForAsync(phone, p => Level(p) == level, EscalationDeadline, $"the level {level} push");
            }

            // The level 1 escalation was heard by both hosts a whole window before level 2 was pushed: one push of it.
            var pushes = pushService.Received.Where(p => p.Subscription == phone).ToList();
            Assert.All(pushes, p => Assert.Null(p.Problem));
            Assert.Single(pushes, p => Level(p) == 1);
            Assert.Single(pushes, p => Level(p) == 2);
            Assert.DoesNotContain(pushService.Received, p => p.Subscription == otherPhone);
            await second.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_phone_the_push_service_says_is_gone_is_unsubscribed()
    {
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        var (unit, _, device) = await NewEscalatingBedAsync("5");
        var gone = pushService.NewSubscription(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(system.Tokens.For(WardClient.NewId("dr"), ["oncall"], unit), gone)).StatusCode);
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from push_subscriptions where endpoint = $1", gone.Endpoint.ToString()));

        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);
        var push = await pushService.WaitForAsync(gone, _ => true, EscalationDeadline, "the push the service answers 410");

        Assert.Null(push.Problem);
        Assert.Equal(HttpStatusCode.Gone, push.AnsweredWith);
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from push_subscriptions where endpoint = $1", gone.Endpoint.ToString()) == 0 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the gone subscription removed");
    }

    [Fact]
    public async Task A_busy_push_service_is_tried_again_after_a_wait_and_one_that_keeps_failing_is_given_up_after_the_set_attempts()
    {
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        var (unit, _, device) = await NewEscalatingBedAsync("4");
        var busy = pushService.NewSubscription(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.Created);
        var broken = pushService.NewSubscription(HttpStatusCode.InternalServerError);
        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(system.Tokens.For(WardClient.NewId("dr"), ["oncall"], unit), busy)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(system.Tokens.For(WardClient.NewId("dr"), ["oncall"], unit), broken)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);

        // 503, then 429 (Retry-After: 1 s), then delivered: three requests of the same escalation.
        await pushService.WaitForAsync(busy, p => p.AnsweredWith == HttpStatusCode.Created, EscalationDeadline, "the busy service's third try taken");
        Assert.Equal(
            [HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.Created],
            pushService.Received.Where(p => p.Subscription == busy && Level(p) == 1).Select(p => p.AnsweredWith).ToArray());
        // The next escalation level comes a whole window later, long after the broken service's last try of level 1.
        await pushService.WaitForAsync(busy, p => Level(p) == 2, EscalationDeadline, "the level 2 push");
        var brokenTries = pushService.Received.Where(p => p.Subscription == broken && Level(p) == 1).ToList();
        Assert.Equal(PushSystem.Attempts, brokenTries.Count);
        Assert.All(brokenTries, p => Assert.Null(p.Problem));
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from push_subscriptions where endpoint = $1", broken.Endpoint.ToString())); // failing is not gone
    }

    [Fact]
    public async Task A_notifications_capability_acknowledges_only_its_own_alarm_and_dies_with_the_subscription()
    {
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        var (unit, _, device) = await NewEscalatingBedAsync("2");
        var doctor = WardClient.NewId("dr");
        var token = system.Tokens.For(doctor, ["oncall"], unit);
        var phone = pushService.NewSubscription();
        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(token, phone)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, ("sbp", 80), ("dbp", 50))).StatusCode);
        var push = await pushService.WaitForAsync(phone, _ => true, EscalationDeadline, "the escalation's push");
        using var payload = JsonDocument.Parse(push.Payload!);
        var alarmId = payload.RootElement.GetProperty("alarmId").GetString()!;
        var capability = payload.RootElement.GetProperty("acknowledge").GetString()!;

        // Not for another alarm, not for anything else, and not once the doctor turned alerts off on that phone.
        var (_, otherPatient, otherDevice) = await _ward.NewBedAsync("9");
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(otherDevice, 1, ("sbp", 80), ("dbp", 50))).StatusCode);
        var otherAlarm = await Poll.UntilAsync(
            async () => (await _ward.GetJsonAsync($"/api/v1/patients/{otherPatient}/alarms?state=active")).EnumerateArray().Select(a => a.GetProperty("alarmId").GetString()).FirstOrDefault(),
            TimeSpan.FromSeconds(10),
            "the other bed's alarm");
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCapabilityAsync(HttpMethod.Post, $"/api/v1/alarms/{otherAlarm}/acknowledge", capability)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCapabilityAsync(HttpMethod.Get, "/api/v1/alarms/escalated", capability)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCapabilityAsync(HttpMethod.Get, $"/api/v1/alarms/{alarmId}/history", capability)).StatusCode);

        using var http = SignedIn(token);
        using var turnOff = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/push/subscriptions") { Content = JsonContent.Create(new { endpoint = phone.Endpoint.ToString() }) };
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(turnOff)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCapabilityAsync(HttpMethod.Post, $"/api/v1/alarms/{alarmId}/acknowledge", capability)).StatusCode);
        // The audit trail is written behind the request (its queue): waited for, not read at once.
        await Poll.UntilAsync<object>(
            async () => await system.Database.ScalarAsync<long>("select count(*) from audit_events where action = 'push.unsubscribe' and subject = $1 and outcome = 'success'", doctor) == 1 ? true : null,
            TimeSpan.FromSeconds(10), "the unsubscription audited");
    }

    [Fact]
    public async Task Subscribing_refuses_a_plain_http_push_service_naming_the_field_and_is_for_on_call_staff_only()
    {
        var unit = WardClient.NewId("unit");
        var doctor = WardClient.NewId("dr");
        using var http = SignedIn(system.Tokens.For(doctor, ["oncall"], unit));
        await using var pushService = new FakePushService(PushSystem.VapidPublicKey);
        using var keys = pushService.NewSubscription();

        using var plain = await http.PostAsJsonAsync("/api/v1/push/subscriptions", new { endpoint = "http://push.example.com/send/1", keys = new { p256dh = "AAAA", auth = "short" } });

        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var errors = (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("https", errors.GetProperty("endpoint")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("keys.p256dh", out _));
        Assert.True(errors.TryGetProperty("keys.auth", out _));

        using var nurse = SignedIn(system.Tokens.For(WardClient.NewId("nurse"), ["nurse"], unit));
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync("/api/v1/push/subscriptions", keys.ToJson())).StatusCode);

        using var key = await http.GetFromJsonAsync<JsonElement>("/api/v1/push/public-key") is var answer ? JsonDocument.Parse(answer.GetRawText()) : null;
        Assert.True(key!.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal(PushSystem.VapidPublicKey, key.RootElement.GetProperty("publicKey").GetString());
        using var stored = await http.PostAsJsonAsync("/api/v1/push/subscriptions", keys.ToJson());
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal([unit], (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units").EnumerateArray().Select(u => u.GetString()!).ToArray());
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from audit_events where action = 'push.subscribe' and subject = $1 and outcome = 'success'", doctor) == 1 ? true : (bool?)null,
            TimeSpan.FromSeconds(10),
            "the subscription's audit row");
    }

    private static int Level(ReceivedPush push)
    {
        using var payload = JsonDocument.Parse(push.Payload ?? "{}");
        return payload.RootElement.TryGetProperty("escalationLevel", out var level) ? level.GetInt32() : 0;
    }

    /// <summary>A bed in a unit of its own whose unanswered alarms escalate after 5 s.</summary>
    private async Task<(string Unit, string Patient, string Device)> NewEscalatingBedAsync(string bed)
    {
        var (unit, patient, device) = await _ward.NewBedAsync(bed);
        await _ward.SetUnitSettingsAsync(unit, new { escalationWindowSeconds = 5 });
        return (unit, patient, device);
    }

    private HttpClient SignedIn(string token)
    {
        var http = new HttpClient { BaseAddress = system.ApiUrl };
        http.DefaultRequestHeaders.Authorization = TestTokens.Bearer(token);
        return http;
    }

    private async Task<HttpResponseMessage> SubscribeAsync(string token, WebPushKeys phone)
    {
        using var http = SignedIn(token);
        return await http.PostAsJsonAsync("/api/v1/push/subscriptions", phone.ToJson());
    }

    private async Task<HttpResponseMessage> WithCapabilityAsync(HttpMethod method, string path, string capability)
    {
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("PushAck", capability);
        return await http.SendAsync(request);
    }

    /// <summary>Hands a push message to the page's service worker as the browser does when its push service delivers one (DevTools protocol).</summary>
    private static async Task DeliverPushAsync(IBrowserContext context, IPage page, string origin, string data)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        var registrations = new System.Collections.Concurrent.ConcurrentQueue<JsonElement>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            if (e is { } update)
            {
                foreach (var registration in update.GetProperty("registrations").EnumerateArray())
                {
                    registrations.Enqueue(registration.Clone());
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var registrationId = await Poll.UntilAsync(
            // Each registration as last reported (one reported live may be deleted later), the newest live one.
            () => Task.FromResult(registrations
                .Where(r => r.GetProperty("scopeURL").GetString() == origin + "/oncall")
                .GroupBy(r => r.GetProperty("registrationId").GetString())
                .Select(g => g.Last())
                .Where(r => !r.GetProperty("isDeleted").GetBoolean())
                .Select(r => r.GetProperty("registrationId").GetString())
                .LastOrDefault()),
            TimeSpan.FromSeconds(10),
            "the on-call service worker's registration");
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new() { ["origin"] = origin, ["registrationId"] = registrationId!, ["data"] = data });
    }

    /// <summary>
    /// Runs <paramref name="expression"/> (a promise) in the on-call service worker's global scope, through the DevTools
    /// protocol: as the browser runs the worker's click handler when the doctor taps a notification's action, which no
    /// protocol command does for a test.
    /// </summary>
    private static async Task EvaluateInServiceWorkerAsync(IBrowser browser, string expression)
    {
        var cdp = await browser.NewBrowserCDPSessionAsync();
        var replies = new System.Collections.Concurrent.ConcurrentDictionary<int, JsonElement>();
        cdp.Event("Target.receivedMessageFromTarget").OnEvent += (_, e) =>
        {
            using var message = JsonDocument.Parse(e!.Value.GetProperty("message").GetString()!);
            if (message.RootElement.TryGetProperty("id", out var id))
            {
                replies[id.GetInt32()] = message.RootElement.Clone();
            }
        };
        var targets = (await cdp.SendAsync("Target.getTargets"))!.Value.GetProperty("targetInfos").EnumerateArray();
        var worker = targets.Single(t => t.GetProperty("type").GetString() == "service_worker" && t.GetProperty("url").GetString()!.EndsWith("/oncall-sw.js", StringComparison.Ordinal));
        var attached = await cdp.SendAsync("Target.attachToTarget", new() { ["targetId"] = worker.GetProperty("targetId").GetString()!, ["flatten"] = false });
        var sessionId = attached!.Value.GetProperty("sessionId").GetString()!;
        var evaluate = JsonSerializer.Serialize(new { id = 1, method = "Runtime.evaluate", @params = new { expression, awaitPromise = true, returnByValue = true } });
        await cdp.SendAsync("Target.sendMessageToTarget", new() { ["sessionId"] = sessionId, ["message"] = evaluate });
        var reply = await Poll.UntilAsync(() => Task.FromResult(replies.TryGetValue(1, out var r) ? (JsonElement?)r : null), TimeSpan.FromSeconds(10), "the service worker to run the click");
        Assert.False(reply!.Value.GetProperty("result").TryGetProperty("exceptionDetails", out var failure), $"The service worker threw: {failure}");
        await cdp.DetachAsync();
    }

    /// <summary>Waits until the phone shows a notification of <paramref name="alarmId"/> that <paramref name="matches"/>.</summary>
    private static Task<JsonElement> WaitForNotificationAsync(IPage page, string alarmId, Func<JsonElement, bool> matches, string what) =>
        Poll.UntilAsync(
            async () =>
            {
                var shown = await page.EvaluateAsync<JsonElement>(
                    "async (tag) => (await (await navigator.serviceWorker.ready).getNotifications({ tag })).map(n => ({ title: n.title, body: n.body, requireInteraction: n.requireInteraction, actions: n.actions.map(a => a.action) }))",
                    $"alarm:{alarmId}");
                return shown.EnumerateArray().Where(matches).Select(n => (JsonElement?)n.Clone()).FirstOrDefault();
            },
            // A deadline, not a wait: a worker started for the push by a browser starved of CPU (the whole suite on two
            // cores) has been seen to take over 10 s.
            TimeSpan.FromSeconds(30),
            what).ContinueWith(t => t.Result!.Value, TaskScheduler.Default);
}
