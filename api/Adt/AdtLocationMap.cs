using Monitoring.Adt;
using Npgsql;

namespace Monitoring.Api.Adt;

/// <summary>One row of the location mapping: a feed's location and the bed of ours it is.</summary>
public sealed record LocationMapping(string PointOfCare, string Room, string Bed, string Facility, string UnitId, string UnitBed, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>
/// The mapping an admin keeps (<c>adt_locations</c>) from the feed's PV1-3 (point of care, room, bed, facility) to
/// a unit and bed. A location is looked up for its facility first, then for any facility (a row with none).
/// </summary>
public sealed class AdtLocationMap(NpgsqlDataSource database)
{
    private const string Columns = "point_of_care, room, bed, facility, unit_id, unit_bed, updated_by, updated_at";

    /// <summary>Our bed for <paramref name="location"/>, or null when nobody mapped it.</summary>
    public async Task<UnitBed?> FindAsync(NpgsqlConnection connection, AdtLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var command = new NpgsqlCommand(
            """
            select unit_id, unit_bed from adt_locations
            where point_of_care = $1 and room = $2 and bed = $3 and facility in ($4, '')
            order by facility desc limit 1
            """, connection);
        Add(command, location.PointOfCare, location.Room, location.Bed, location.Facility);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new UnitBed(reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task<LocationMapping?> GetAsync(AdtLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var command = database.CreateCommand(
            $"select {Columns} from adt_locations where point_of_care = $1 and room = $2 and bed = $3 and facility = $4");
        Add(command, location.PointOfCare, location.Room, location.Bed, location.Facility);
        return await ReadAsync(command, cancellationToken) is [var first, ..] ? first : null;
    }

    /// <summary>The unit's mapped locations, by point of care, room and bed.</summary>
    public async Task<IReadOnlyList<LocationMapping>> ForUnitAsync(string unitId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"select {Columns} from adt_locations where unit_id = $1 order by point_of_care, room, bed, facility");
        Add(command, unitId);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Maps a location (again); false when the unit's bed is already mapped from another location.</summary>
    public async Task<bool> PutAsync(LocationMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        await using var command = database.CreateCommand(
            """
            insert into adt_locations (point_of_care, room, bed, facility, unit_id, unit_bed, updated_by, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (facility, point_of_care, room, bed)
            do update set unit_id = excluded.unit_id, unit_bed = excluded.unit_bed, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """);
        Add(command, mapping.PointOfCare, mapping.Room, mapping.Bed, mapping.Facility, mapping.UnitId, mapping.UnitBed, mapping.UpdatedBy, mapping.UpdatedAt);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>False when the location was not mapped.</summary>
    public async Task<bool> DeleteAsync(AdtLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var command = database.CreateCommand("delete from adt_locations where point_of_care = $1 and room = $2 and bed = $3 and facility = $4");
        Add(command, location.PointOfCare, location.Room, location.Bed, location.Facility);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static async Task<IReadOnlyList<LocationMapping>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<LocationMapping>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LocationMapping(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return rows;
    }
}
