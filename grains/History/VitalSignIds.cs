using System.Collections.Concurrent;
using Monitoring.Vitals;
using Npgsql;

namespace Monitoring.History;

/// <summary>
/// The small numbers by which history rows name their signs (<c>vital_signs</c>): read once, and a code
/// seen for the first time is added with its unit.
/// </summary>
public sealed class VitalSignIds(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<string, short> _ids = new(StringComparer.Ordinal);

    /// <summary>The ids of every row's signs, row by row.</summary>
    public async ValueTask<short[][]> IdsAsync(IReadOnlyList<VitalsRow> rows, CancellationToken cancellationToken)
    {
        var ids = new short[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            ids[i] = await IdsAsync(rows[i].Codes, cancellationToken);
        }

        return ids;
    }

    /// <summary>The id of every code, in order.</summary>
    public async ValueTask<short[]> IdsAsync(string[] codes, CancellationToken cancellationToken)
    {
        var ids = new short[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            if (!_ids.TryGetValue(codes[i], out ids[i]))
            {
                ids[i] = await LearnAsync(codes[i], cancellationToken);
            }
        }

        return ids;
    }

    private async Task<short> LearnAsync(string code, CancellationToken cancellationToken)
    {
        if (_ids.IsEmpty)
        {
            await using var all = dataSource.CreateCommand("select code, id from vital_signs");
            await using var reader = await all.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _ids[reader.GetString(0)] = reader.GetInt16(1);
            }

            if (_ids.TryGetValue(code, out var known))
            {
                return known;
            }
        }

        // A sign this database has not stored before (added in a later release): add it, or take the id
        // another silo gave it meanwhile.
        await using var add = dataSource.CreateCommand("""
            with added as (insert into vital_signs (code, unit) values ($1, $2) on conflict (code) do nothing returning id)
            select id from added union all select id from vital_signs where code = $1 limit 1
            """);
        add.Parameters.Add(new NpgsqlParameter { Value = code });
        add.Parameters.Add(new NpgsqlParameter { Value = VitalSignCatalog.TryGetByCode(code, out var sign) ? sign.Unit : "1" });
        var id = (short)(await add.ExecuteScalarAsync(cancellationToken))!;
        _ids[code] = id;
        return id;
    }
}
