using Monitoring.Api.Http;

namespace Monitoring.Api.Units;

/// <summary>Care units and their live boards.</summary>
public static class UnitEndpoints
{
    public static IEndpointRouteBuilder MapUnitEndpoints(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/v1/units").WithTags("Units");
        units.MapGet("/", async (UnitDirectory directory, CancellationToken cancellationToken) =>
            TypedResults.Ok(await directory.ListAsync(cancellationToken)));
        units.MapGet("/{unitId}/board", async (string unitId, IGrainFactory grains) =>
            Identifiers.IsValid(unitId)
                ? Results.Ok(await UnitBoard.ReadAsync(grains, unitId))
                : Problems.InvalidRouteValue("unitId"));
        return routes;
    }
}
