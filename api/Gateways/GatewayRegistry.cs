using System.Collections.Concurrent;
using System.Collections.Frozen;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Api.Gateways;

/// <summary>
/// A registered gateway and the devices it may report for: over MLLP as its <paramref name="Identity"/> (none
/// for a gateway that only streams over WebSocket), over WebSocket with a token for its <paramref name="GatewayId"/>.
/// </summary>
public sealed record MllpGateway(string GatewayId, string? Identity, IReadOnlyList<string> Devices, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>What a registration did.</summary>
public enum GatewayChange
{
    Registered,
    Updated,
    IdentityTaken,
    NotFound,
}

/// <summary>
/// The registered gateways (<c>mllp_gateways</c>). The MLLP listener asks, for every message, whether its
/// sender may report for the device it names, and a gateway's WebSocket stream the same for every batch; the
/// answer for a sender is kept for <see cref="CacheFor"/>,
/// so a registration made on another api host takes effect here within that time (on this host, at once).
/// </summary>
public sealed class GatewayRegistry(NpgsqlDataSource database, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>How long a message waits for its sender's devices to be read before the last answer is used.</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(1);

    private static readonly FrozenSet<string> None = FrozenSet<string>.Empty;
    private readonly ConcurrentDictionary<string, (FrozenSet<string> Devices, DateTimeOffset Until)> _bySender = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>
    /// Whether the sender known as <paramref name="identity"/> may report for <paramref name="deviceId"/>. While
    /// PostgreSQL is out or slow (<see cref="LookupTimeout"/>), the last answer read goes on being used, so
    /// alarms from a gateway keep coming; a sender never read before is then refused for now (an outage).
    /// </summary>
    public ValueTask<bool> MayReportAsync(string identity, string deviceId, CancellationToken cancellationToken) =>
        MayReportAsync(identity, "select devices from mllp_gateways where identity = $1", identity, deviceId, cancellationToken);

    /// <summary>As <see cref="MayReportAsync(string, string, CancellationToken)"/>, for the gateway registered as <paramref name="gatewayId"/> (its WebSocket stream).</summary>
    public ValueTask<bool> GatewayMayReportAsync(string gatewayId, string deviceId, CancellationToken cancellationToken) =>
        MayReportAsync(GatewayKey(gatewayId), "select devices from mllp_gateways where gateway_id = $1", gatewayId, deviceId, cancellationToken);

    private async ValueTask<bool> MayReportAsync(string key, string query, string parameter, string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = _bySender.TryGetValue(key, out var known);
        if (!found || known.Until <= now)
        {
            // A change made on this host while the read is under way wins: its answer is not kept over it.
            var generation = Volatile.Read(ref _generation);
            try
            {
                known = (await ReadDevicesAsync(query, parameter, cancellationToken), now + CacheFor);
            }
            catch (Exception exception) when (found && (Outages.IsDatabaseOutage(exception) || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The last answer goes on being used, and is asked for again only after another CacheFor:
                // while PostgreSQL is out or slow, messages do not each wait for it.
                known = (known.Devices, now + CacheFor);
            }

            if (generation == Volatile.Read(ref _generation))
            {
                _bySender[key] = known;
            }
        }

        return known.Devices.Contains(deviceId);
    }

    // Identities are 'certificate:…' or 'address:…', so a gateway's own key never meets one.
    private static string GatewayKey(string gatewayId) => "gateway:" + gatewayId;

    private async Task<FrozenSet<string>> ReadDevicesAsync(string query, string parameter, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LookupTimeout);
        await using var command = database.CreateCommand(query);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var devices = await command.ExecuteScalarAsync(timeout.Token) as string[];
        return devices is null ? None : devices.ToFrozenSet(StringComparer.Ordinal);
    }

    public async Task<MllpGateway?> GetAsync(string gatewayId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select gateway_id, identity, devices, registered_by, registered_at from mllp_gateways where gateway_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = gatewayId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new MllpGateway(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    /// <summary>Registers the gateway, or replaces its identity and devices; refused when another gateway has the identity.</summary>
    public async Task<GatewayChange> PutAsync(MllpGateway gateway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var previous = await GetAsync(gateway.GatewayId, cancellationToken);
        await using var command = database.CreateCommand("""
            insert into mllp_gateways (gateway_id, identity, devices, registered_by, registered_at) values ($1, $2, $3, $4, $5)
            on conflict (gateway_id) do update set identity = excluded.identity, devices = excluded.devices,
                registered_by = excluded.registered_by, registered_at = excluded.registered_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = gateway.GatewayId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)gateway.Identity ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = gateway.Devices.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = gateway.RegisteredBy });
        command.Parameters.Add(new NpgsqlParameter { Value = gateway.RegisteredAt });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return GatewayChange.IdentityTaken;
        }

        Forget(gateway.GatewayId, gateway.Identity, previous?.Identity);
        return previous is null ? GatewayChange.Registered : GatewayChange.Updated;
    }

    /// <summary>Adds one device to a gateway's list (or removes it).</summary>
    public async Task<GatewayChange> ChangeDeviceAsync(string gatewayId, string deviceId, bool add, string by, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(add
            ? "update mllp_gateways set devices = case when $2 = any(devices) then devices else devices || $2 end, registered_by = $3, registered_at = $4 where gateway_id = $1 returning coalesce(identity, '')"
            : "update mllp_gateways set devices = array_remove(devices, $2), registered_by = $3, registered_at = $4 where gateway_id = $1 returning coalesce(identity, '')");
        command.Parameters.Add(new NpgsqlParameter { Value = gatewayId });
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = by });
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string identity)
        {
            return GatewayChange.NotFound;
        }

        Forget(gatewayId, identity, null);
        return GatewayChange.Updated;
    }

    public async Task<bool> DeleteAsync(string gatewayId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("delete from mllp_gateways where gateway_id = $1 returning coalesce(identity, '')");
        command.Parameters.Add(new NpgsqlParameter { Value = gatewayId });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string identity)
        {
            return false;
        }

        Forget(gatewayId, identity, null);
        return true;
    }

    private void Forget(string gatewayId, string? identity, string? previous)
    {
        Interlocked.Increment(ref _generation);
        _bySender.TryRemove(GatewayKey(gatewayId), out _);
        if (!string.IsNullOrEmpty(identity))
        {
            _bySender.TryRemove(identity, out _);
        }

        if (previous is not null)
        {
            _bySender.TryRemove(previous, out _);
        }
    }
}
