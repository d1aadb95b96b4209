using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Security;

/// <summary>A system of its own: these tests tamper with its audit trail as the tables' owner would.</summary>
public sealed class AuditChainSystem() : RunningSystem(new Dictionary<string, string>());

/// <summary>
/// The audit trail's hash chain: an owner who turns the append-only triggers off can change or delete rows,
/// but the check names the first row that no longer fits; an anchor kept outside the database catches a
/// chain written again from a changed row on.
/// </summary>
public sealed class AuditChainTests(AuditChainSystem system) : IClassFixture<AuditChainSystem>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task An_owner_who_changes_deletes_or_rewrites_audit_rows_with_the_triggers_off_is_caught_by_the_check_and_the_command()
    {
        // Audited actions: admissions and reads of the trail.
        for (var i = 0; i < 3; i++)
        {
            var (_, patient, _) = await _ward.NewBedAsync();
            await _ward.GetPatientAsync(patient);
        }

        var admitted = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from audit_events where action = 'patient.read'") >= 3 ? true : (bool?)null,
            Deadline, "the reads in the audit trail");
        Assert.True(admitted);
        var whole = await VerifyAsync();
        Assert.True(whole.GetProperty("intact").GetBoolean(), whole.ToString());
        Assert.Equal(whole.GetProperty("headSequence").GetInt64(), whole.GetProperty("lastSequence").GetInt64());
        var anchor = $"{whole.GetProperty("headSequence").GetInt64()}:{whole.GetProperty("headHash").GetString()}";
        var (changed, changedSequence) = await RowAsync("select id, chain_seq from audit_events where action = 'patient.read' order by chain_seq limit 1");

        // A reason rewritten, the triggers off: named, then whole again once put back.
        var original = await system.Database.ScalarAsync<string?>("select subject from audit_events where id = $1", changed);
        await TamperAsync($"update audit_events set subject = 'someone-else' where id = {changed}");
        var broken = await VerifyAsync();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(changed, broken.GetProperty("firstBroken").GetProperty("id").GetInt64());
        Assert.Equal("changed since it was written", broken.GetProperty("firstBroken").GetProperty("problem").GetString());
        await TamperAsync($"update audit_events set subject = '{original}' where id = {changed}");
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        // The same change, and the chain written again from it to the head: whole in itself, but not at the anchor.
        await TamperAsync($"""
            update audit_events set subject = 'someone-else' where id = {changed};
            do $$
            declare r record; h bytea;
            begin
                select row_hash into h from audit_events where chain_seq = {changedSequence - 1};
                h := coalesce(h, ''::bytea);
                for r in select * from audit_events where chain_seq >= {changedSequence} order by chain_seq loop
                    h := sha256(h || audit_event_content(r.chain_seq, r.id, r.at, r.subject, r.roles, r.action, r.resource, r.outcome, r.client_address, r.trace_id, r.reason));
                    update audit_events set row_hash = h where id = r.id;
                end loop;
                update audit_chain set last_hash = h;
            end $$;
            """);
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean(), "a chain written again holds together without an anchor");
        var anchored = await VerifyAsync(anchor);
        Assert.False(anchored.GetProperty("intact").GetBoolean());
        Assert.Contains("the chain was written again", anchored.GetProperty("firstBroken").GetProperty("problem").GetString(), StringComparison.Ordinal);

        // The operator's command says the same, with its exit code.
        await using (var command = HostProcess.Start(RepositoryLayout.SiloAssembly, new Dictionary<string, string>
        {
            ["Database__ConnectionString"] = system.Database.ApplicationConnectionString,
        }, "audit", "verify", "--anchor", anchor))
        {
            Assert.Equal(1, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Audit trail NOT intact", command.Output, StringComparison.Ordinal);
            Assert.Contains("the chain was written again", command.Output, StringComparison.Ordinal);
        }

        // A row deleted: the next one names the gap.
        var (next, _) = await RowAsync($"select id, chain_seq from audit_events where chain_seq = {changedSequence + 1}");
        await TamperAsync($"delete from audit_events where id = {changed}");
        var gap = (await VerifyAsync()).GetProperty("firstBroken");
        Assert.Equal((next, "1 row(s) missing before it"), (gap.GetProperty("id").GetInt64(), gap.GetProperty("problem").GetString()));
    }

    [Fact]
    public async Task Only_admins_check_the_chain_and_a_malformed_anchor_is_named()
    {
        var nurse = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/audit/verify", UriKind.Relative));
        nurse.Headers.Authorization = TestTokens.Bearer(system.Tokens.For("nurse-1", ["nurse"], "*"));
        Assert.Equal(HttpStatusCode.Forbidden, (await system.Http.SendAsync(nurse)).StatusCode);

        using var malformed = await system.Http.GetAsync(new Uri("/api/v1/audit/verify?anchor=12:nothex", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("anchor", out _));
    }

    private async Task<JsonElement> VerifyAsync(string? anchor = null)
    {
        using var response = await system.Http.GetAsync(new Uri("/api/v1/audit/verify" + (anchor is null ? "" : $"?anchor={anchor}"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(long Id, long Sequence)> RowAsync(string sql)
    {
        await using var command = system.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>What the tables' owner can do: every partition's triggers off, the change, the triggers on again.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var partitions = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("select inhrelid::regclass::text from pg_inherits where inhparent = 'audit_events'::regclass", connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                partitions.Add(reader.GetString(0));
            }
        }

        foreach (var step in partitions.Select(p => $"alter table {p} disable trigger user").Append(sql).Concat(partitions.Select(p => $"alter table {p} enable trigger user")))
        {
            await using var command = new Npgsql.NpgsqlCommand(step, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
