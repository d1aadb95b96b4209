using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.WebPush;

/// <summary>
/// The push subscriptions and the deliveries claimed for them (<c>push_subscriptions</c>, <c>push_deliveries</c>,
/// migration 0019). A delivery is claimed by inserting its row: of several api hosts hearing the same escalation,
/// only the one whose insert lands sends it.
/// </summary>
public sealed class PushSubscriptionStore(NpgsqlDataSource database)
{
    /// <summary>How long delivery rows (and so their capabilities' hashes) are kept; a capability lives far shorter.</summary>
    public static readonly TimeSpan DeliveriesKeptFor = TimeSpan.FromDays(2);

    /// <summary>Stores (or renews, or takes over) the subscription of <paramref name="endpoint"/>; returns its id.</summary>
    public async Task<long> SaveAsync(string endpoint, string p256dh, string auth, string subject, IReadOnlyList<string> units, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            insert into push_subscriptions (endpoint, p256dh, auth, subject, units, expires_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth, subject = excluded.subject,
                units = excluded.units, expires_at = excluded.expires_at,
                created_at = case when push_subscriptions.subject = excluded.subject then push_subscriptions.created_at else now() end
            returning subscription_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = endpoint });
        command.Parameters.Add(new NpgsqlParameter { Value = p256dh });
        command.Parameters.Add(new NpgsqlParameter { Value = auth });
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        command.Parameters.Add(new NpgsqlParameter { Value = units.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
        var subscriptionId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;

        // A subscription that changed hands takes none of the last person's capabilities with it.
        await using var clear = database.CreateCommand("delete from push_deliveries where subscription_id = $1 and claimed_at < (select created_at from push_subscriptions where subscription_id = $1)");
        clear.Parameters.Add(new NpgsqlParameter { Value = subscriptionId });
        await clear.ExecuteNonQueryAsync(cancellationToken);
        return subscriptionId;
    }

    /// <summary>Forgets <paramref name="subject"/>'s subscription of <paramref name="endpoint"/>; its id, or null when there was none of theirs.</summary>
    public async Task<long?> DeleteAsync(string endpoint, string subject, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("delete from push_subscriptions where endpoint = $1 and subject = $2 returning subscription_id");
        command.Parameters.Add(new NpgsqlParameter { Value = endpoint });
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>Forgets a subscription the push service says is gone.</summary>
    public async Task DeleteAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("delete from push_subscriptions where subscription_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = subscriptionId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the deliveries of one escalation for this host: one per live subscription whose units include
    /// <paramref name="unitId"/> (or every unit) and that no host has claimed yet. Returns each with the acknowledge
    /// secret whose hash its row holds.
    /// </summary>
    public async Task<IReadOnlyList<(PushSubscriber Subscriber, string AcknowledgeSecret)>> ClaimAsync(
        string alarmId, int escalationLevel, string unitId, string hostId, DateTimeOffset acknowledgeUntil, CancellationToken cancellationToken)
    {
        var candidates = new List<PushSubscriber>();
        await using (var select = database.CreateCommand(
            """
            select s.subscription_id, s.endpoint, s.p256dh, s.auth, s.subject from push_subscriptions s
            where s.units && $1 and s.expires_at > now()
              and not exists (select from push_deliveries d where d.alarm_id = $2 and d.escalation_level = $3 and d.subscription_id = s.subscription_id)
            """))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = new[] { unitId, Security.CareRoles.AllUnits }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            select.Parameters.Add(new NpgsqlParameter { Value = alarmId });
            select.Parameters.Add(new NpgsqlParameter { Value = escalationLevel });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(new PushSubscriber(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var secrets = candidates.Select(_ => AcknowledgeCapability.New()).ToList();
        await using var insert = database.CreateCommand(
            """
            insert into push_deliveries (alarm_id, escalation_level, subscription_id, claimed_by, ack_hash, ack_expires_at)
            select $1, $2, c.id, $3, c.hash, $4 from unnest($5::bigint[], $6::bytea[]) as c(id, hash)
            on conflict (alarm_id, escalation_level, subscription_id) do nothing
            returning subscription_id
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = alarmId });
        insert.Parameters.Add(new NpgsqlParameter { Value = escalationLevel });
        insert.Parameters.Add(new NpgsqlParameter { Value = hostId });
        insert.Parameters.Add(new NpgsqlParameter { Value = acknowledgeUntil });
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => c.SubscriptionId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = secrets.Select(s => s.Hash).ToArray() });
        var claimed = new HashSet<long>();
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetInt64(0));
            }
        }

        return candidates.Select((c, i) => (c, secrets[i].Secret)).Where(x => claimed.Contains(x.c.SubscriptionId)).ToList();
    }

    /// <summary>What an acknowledge secret allows, while it is unexpired and its subscription kept; else null.</summary>
    public async Task<AcknowledgeGrant?> GrantOfAsync(string secret, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            """
            select d.alarm_id, s.subject, s.units, d.ack_expires_at from push_deliveries d
            join push_subscriptions s on s.subscription_id = d.subscription_id
            where d.ack_hash = $1 and d.ack_expires_at > now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = AcknowledgeCapability.Hash(secret) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AcknowledgeGrant(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    /// <summary>Clears expired subscriptions and old deliveries; returns how many rows went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var subscriptions = database.CreateCommand("delete from push_subscriptions where expires_at < now()");
        var gone = await subscriptions.ExecuteNonQueryAsync(cancellationToken);
        await using var deliveries = database.CreateCommand("delete from push_deliveries where claimed_at < now() - $1");
        deliveries.Parameters.Add(new NpgsqlParameter { Value = DeliveriesKeptFor });
        return gone + await deliveries.ExecuteNonQueryAsync(cancellationToken);
    }
}
