using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The patient administration system's side of the ADT feed: messages written as the HL7 v2.5 ADT chapter shows them
/// (MSH, EVN, PID with the MRN and the internal id in PID-3, PV1 with PV1-3 and PV1-6), sent over the real ADT listener,
/// and the location mapping an admin keeps.
/// </summary>
public sealed class AdtFeed(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An ADT message. <paramref name="at"/> is EVN-2 and MSH-7 (EVN-6 too unless <paramref name="occurred"/> is given);
    /// <paramref name="location"/> is PV1-3 (<c>point of care^room^bed</c>), <paramref name="prior"/> PV1-6.
    /// </summary>
    public static string Message(string trigger, string controlId, string patientId, DateTimeOffset at, string location = "", string prior = "", DateTimeOffset? occurred = null)
    {
        var structure = trigger switch
        {
            "A02" => "ADT_A02",
            "A03" => "ADT_A03",
            "A11" => "ADT_A09",
            "A12" => "ADT_A12",
            _ => "ADT_A01",
        };
        return $"MSH|^~\\&|PAS|GOOD HEALTH HOSPITAL|MONITORING|WARD|{Time(at)}||ADT^{trigger}^{structure}|{controlId}|P|2.5\r" +
               $"EVN|{trigger}|{Time(at)}|||ADMIN01^Clerk^Anne|{Time(occurred ?? at)}\r" +
               $"PID|1||MRN-{controlId}^^^GHH^MR~{patientId}^^^GHH^PI||EVERYWOMAN^EVE^E^^^^L||19620320|F\r" +
               $"PV1|1|I|{location}|||{prior}||0148^ATTEND^AARON^A|||MED||||1|||0148^ATTEND^AARON^A|IN||||||||||||||||||||||||||{Time(at)}\r";
    }

    /// <summary>Sends one message on a new connection to the ADT listener and returns the ACK.</summary>
    public async Task<Hl7Ack> SendAsync(string message)
    {
        await using var client = await MllpClient.ConnectAsync(system.AdtPort);
        return Hl7Ack.Parse(await client.SendAsync(message, Deadline));
    }

    /// <summary>Maps the feed's location (point of care, room, bed) to a unit's bed, as an admin does.</summary>
    public async Task MapAsync(string pointOfCare, string room, string bed, string unitId, string unitBed)
    {
        using var response = await system.Http.PutAsJsonAsync($"/api/v1/locations/{pointOfCare}/{room}/{bed}", new { unitId, bed = unitBed });
        Assert.True(response.IsSuccessStatusCode, $"Mapping {pointOfCare}^{room}^{bed}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Where the patient lies (unit and bed), or null when not admitted.</summary>
    public async Task<(string Unit, string Bed)?> WhereAsync(string patientId)
    {
        using var response = await system.Http.GetAsync(new Uri($"/api/v1/patients/{patientId}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var view = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (view.GetProperty("unitId").GetString()!, view.GetProperty("bed").GetString()!);
    }

    /// <summary>The audit rows of ADT changes for the patient, oldest first: each one's reason (trigger, control id, change).</summary>
    public async Task<List<string>> AuditedChangesAsync(string patientId)
    {
        await using var command = system.Database.DataSource.CreateCommand(
            "select reason from audit_events where action = 'patient.adt' and resource = $1 order by at, id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = $"patient/{patientId}" });
        await using var reader = await command.ExecuteReaderAsync();
        var reasons = new List<string>();
        while (await reader.ReadAsync())
        {
            reasons.Add(reader.GetString(0));
        }

        return reasons;
    }

    /// <summary>Waits until the audit trail holds <paramref name="count"/> ADT changes of the patient (it is written in batches).</summary>
    public Task<List<string>> AuditedChangesAsync(string patientId, int count) =>
        Poll.UntilAsync(async () => await AuditedChangesAsync(patientId) is { } rows && rows.Count >= count ? rows : null, Deadline, $"{count} audited ADT changes");

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";
}
