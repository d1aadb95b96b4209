using System.Collections.Immutable;
using Monitoring.Census;

namespace Monitoring.Api.Units;

/// <summary>Every occupied bed of a unit with its patient's latest vitals and open alarms.</summary>
public sealed record UnitBoard(string UnitId, ImmutableArray<PatientView> Beds)
{
    /// <summary>Reads the census, then every patient of it in parallel.</summary>
    public static async Task<UnitBoard> ReadAsync(IGrainFactory grains, string unitId)
    {
        var census = await grains.GetUnit(unitId).GetCensusAsync();
        var views = await Task.WhenAll(census.Select(bed => grains.GetPatient(bed.PatientId).GetViewAsync()));

        // A patient moving out while we read is still listed by the census but no longer here.
        var beds = views.OfType<PatientView>().Where(v => v.UnitId == unitId).OrderBy(v => v.Bed, BedOrder.Instance);
        return new UnitBoard(unitId, [.. beds]);
    }
}
