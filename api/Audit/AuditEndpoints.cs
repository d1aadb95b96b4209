using System.Globalization;
using Monitoring.Api.Http;
using Monitoring.Audit;
using Monitoring.Api.Security;
using Npgsql;

namespace Monitoring.Api.Audit;

/// <summary><c>GET /api/v1/audit</c>: the audit trail, newest first, for admins; <c>GET /api/v1/audit/verify</c>: its hash chain checked. Both are audited too.</summary>
public static class AuditEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ReadAsync).WithTags("Audit").AllowAudited(AccessScope.None, CareRoles.Admins, AuditActions.AuditRead)
            .WithSummary("The audit trail, newest first (filters: subject, action, resource, traceId, from, to, limit)")
            .Produces<List<AuditRow>>()
            .ProducesValidationProblem();
        routes.MapGet("/api/v1/audit/verify", VerifyAsync).WithTags("Audit").AllowAudited(AccessScope.None, CareRoles.Admins, AuditActions.AuditVerify)
            .WithSummary("Recompute the audit trail's hash chain and name the first row that does not fit (anchor: a {sequence}:{hash} recorded earlier)")
            .Produces<AuditChainReport>()
            .ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> VerifyAsync(string? anchor, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var parsed = anchor is null ? null : AuditChain.ParseAnchor(anchor);
        if (anchor is not null && parsed is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["anchor"] = ["'anchor' is a place in the chain and its hash, as {sequence}:{64 hex digits}, from an earlier check's headSequence and headHash."] });
        }

        return TypedResults.Ok(await AuditChain.VerifyAsync(database, parsed, cancellationToken));
    }

    private static async Task<IResult> ReadAsync(
        string? subject, string? action, string? resource, string? traceId, string? from, string? to, string? limit,
        NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var since = Time(from, "from", errors);
        var until = Time(to, "to", errors);
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"'limit' is a whole number from 1 to {MaxLimit}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await using var command = database.CreateCommand("""
            select id, at, subject, roles, action, resource, outcome, client_address, trace_id, reason
            from audit_events
            where ($1::text is null or subject = $1) and ($2::text is null or action = $2) and ($3::text is null or resource = $3)
              and ($4::text is null or trace_id = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
            order by at desc, id desc
            limit $7
            """);
        foreach (var value in new object?[] { subject, action, resource, traceId })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        command.Parameters.Add(new NpgsqlParameter { Value = (object?)since?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)until?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), Text(reader, 7), Text(reader, 8), Text(reader, 9)));
        }

        return TypedResults.Ok(rows);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(string? value, string name, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors.Add(name, $"'{name}' must be an ISO 8601 time, e.g. 2026-11-27T10:00:00Z.");
        return null;
    }

    /// <summary>One audit row as the API answers it.</summary>
    public sealed record AuditRow(long Id, DateTimeOffset At, string Subject, string Roles, string Action, string Resource, string Outcome, string? ClientAddress, string? TraceId, string? Reason);
}
