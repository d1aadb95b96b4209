using Npgsql;

namespace Monitoring.Api.Units;

/// <summary>The units known to the census registry, for the dashboard's unit picker.</summary>
public sealed class UnitDirectory(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<UnitSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select u.unit_id, count(p.patient_id) filter (where p.discharged_at is null)::int
            from units u left join patients p on p.unit_id = u.unit_id
            group by u.unit_id order by u.unit_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var units = new List<UnitSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            units.Add(new UnitSummary(reader.GetString(0), reader.GetInt32(1)));
        }

        return units;
    }

    /// <summary>A unit and how many beds are occupied.</summary>
    public sealed record UnitSummary(string UnitId, int Beds);
}
