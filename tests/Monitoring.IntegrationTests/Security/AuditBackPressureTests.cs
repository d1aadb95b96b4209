using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A system whose api holds at most 150 audit rows that PostgreSQL has not taken yet.</summary>
public sealed class SmallAuditSystem() : RunningSystem(new Dictionary<string, string> { ["Audit__QueueCapacity"] = "150" });

/// <summary>What cannot be audited is not done: with the audit trail full, every audited action is refused before it happens, on REST and on the hub.</summary>
public sealed class AuditBackPressureTests(SmallAuditSystem system) : IClassFixture<SmallAuditSystem>
{
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task With_the_audit_trail_full_admissions_bindings_and_hub_actions_are_refused_and_nothing_is_done()
    {
        var (unit, patient, _) = await _ward.NewBedAsync();
        await using var hub = await system.ConnectHubAsync();
        var (newcomer, device) = (WardClient.NewId("p"), WardClient.NewId("dev"));
        // The audit trail's table is held by someone else: its rows wait, everything else works.
        await using var holder = await system.Database.DataSource.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("lock table audit_events in access exclusive mode", holder, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        try
        {
            // Audited reads fill the trail while PostgreSQL cannot take its rows.
            HttpStatusCode status = HttpStatusCode.OK;
            for (var i = 0; i < 400 && status != HttpStatusCode.ServiceUnavailable; i++)
            {
                using var read = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative));
                status = read.StatusCode;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);

            using var admission = await system.Http.PostAsJsonAsync("/api/v1/patients", new { patientId = newcomer, unitId = unit, bed = "2" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, admission.StatusCode);
            Assert.Contains("audit trail cannot record this admission", (await admission.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            using var binding = await system.Http.PutAsJsonAsync($"/api/v1/devices/{device}/binding", new { patientId = patient });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, binding.StatusCode);
            Assert.Contains("audit trail cannot record this binding", (await binding.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            var joining = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("JoinPatient", patient));
            Assert.Contains("audit trail cannot record this right now; nothing was done", joining.Message, StringComparison.Ordinal);
        }
        finally
        {
            await holding.RollbackAsync();
        }

        // Once the trail has written its rows, the same actions go through, and the refused ones had done nothing.
        await Poll.UntilAsync(
            async () => (await system.Http.GetAsync(new Uri($"/api/v1/patients/{patient}", UriKind.Relative))).IsSuccessStatusCode ? true : (bool?)null,
            TimeSpan.FromSeconds(60), "audited reads again once the audit trail's table is free");
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.GetAsync(new Uri($"/api/v1/patients/{newcomer}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _ward.PostReadingsAsync(device, 1, ("hr", 70))).StatusCode); // not bound
        await hub.InvokeAsync("JoinPatient", patient);
    }
}
