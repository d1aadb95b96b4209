using Monitoring.Adt;
using Monitoring.Api.Audit;
using Monitoring.Api.Http;
using Monitoring.Api.Security;

namespace Monitoring.Api.Adt;

/// <summary>
/// The mapping from the ADT feed's locations (PV1-3: point of care, room, bed, and optionally facility) to our units'
/// beds. An admin of the unit a location maps to (and, when it mapped elsewhere before, of that unit too) keeps it;
/// every change is audited. In the route, <c>-</c> stands for an empty room or bed.
/// </summary>
public static class LocationEndpoints
{
    private const long MaxBodyBytes = 4 * 1024;
    private const string Empty = "-";

    public static IEndpointRouteBuilder MapLocationEndpoints(this IEndpointRouteBuilder routes)
    {
        var location = routes.MapGroup("/api/v1/locations/{pointOfCare}/{room}/{bed}").WithTags("Locations");
        location.MapPut("", PutAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.LocationMap) // the unit is in the body
            .WithSummary("Map an ADT location (PV1-3 point of care, room, bed; '-' for an empty one; ?facility= for PV1-3.4) to a unit's bed")
            .ReadsJson<MapLocationRequest>()
            .Produces<LocationView>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        location.MapDelete("", DeleteAsync).Allow(AccessScope.None, CareRoles.Admins, AuditActions.LocationMap)
            .WithSummary("Remove an ADT location's mapping: messages naming it are refused from then on")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/api/v1/units/{unitId}/locations", ForUnitAsync).WithTags("Locations").Allow(AccessScope.Unit, CareRoles.Admins, AuditActions.LocationMap)
            .WithSummary("The ADT locations mapped to a unit's beds")
            .Produces<IReadOnlyList<LocationView>>();
        return routes;
    }

    private static async Task<IResult> PutAsync(
        string pointOfCare, string room, string bed, string? facility, HttpRequest request, AdtLocationMap map, CareAccess access, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        var (location, invalid) = Parse(pointOfCare, room, bed, facility);
        if (invalid is not null)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, RequestJson.Default.MapLocationRequest, RequestFields.ExplainIdentifiers, cancellationToken);
        if ((problem ?? body!.Validate()) is { } refused)
        {
            return refused;
        }

        var before = await map.GetAsync(location!, cancellationToken);
        foreach (var unit in new[] { body!.UnitId, before?.UnitId }.OfType<string>().Where(u => !context.User.MaySee(u)))
        {
            return access.Deny(context, AuditActions.LocationMap, Resource(location!), $"unit '{unit}' is not among your units");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this mapping right now; nothing was done. Send it again after the Retry-After delay.");
        }

        var mapping = new LocationMapping(location!.PointOfCare, location.Room, location.Bed, location.Facility, body.UnitId, body.Bed, context.User.Subject(), time.GetUtcNow());
        if (!await map.PutAsync(mapping, cancellationToken))
        {
            return Problems.Conflict($"Bed '{body.Bed}' of unit '{body.UnitId}' is mapped from another location; remove that mapping first.");
        }

        audit.Record(context, AuditActions.LocationMap, Resource(location), AuditOutcomes.Success,
            before is null ? $"mapped to unit/{body.UnitId} bed {body.Bed}" : $"mapped to unit/{body.UnitId} bed {body.Bed} (was unit/{before.UnitId} bed {before.UnitBed})");
        return TypedResults.Ok(LocationView.Of(mapping));
    }

    private static async Task<IResult> DeleteAsync(
        string pointOfCare, string room, string bed, string? facility, HttpContext context, AdtLocationMap map, CareAccess access, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (location, invalid) = Parse(pointOfCare, room, bed, facility);
        if (invalid is not null)
        {
            return invalid;
        }

        if (await map.GetAsync(location!, cancellationToken) is not { } before)
        {
            return Problems.NotFound($"Location {location} is not mapped.");
        }

        if (!context.User.MaySee(before.UnitId))
        {
            return access.Deny(context, AuditActions.LocationMap, Resource(location!), $"unit '{before.UnitId}' is not among your units");
        }

        if (!audit.HasRoom)
        {
            return Problems.Unavailable(context, "The audit trail cannot record this removal right now; nothing was done. Send it again after the Retry-After delay.");
        }

        if (!await map.DeleteAsync(location!, cancellationToken))
        {
            return Problems.NotFound($"Location {location} is not mapped.");
        }

        audit.Record(context, AuditActions.LocationMap, Resource(location!), AuditOutcomes.Success, $"mapping to unit/{before.UnitId} bed {before.UnitBed} removed");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ForUnitAsync(string unitId, AdtLocationMap map, CancellationToken cancellationToken) =>
        Identifiers.IsValid(unitId)
            ? TypedResults.Ok((await map.ForUnitAsync(unitId, cancellationToken)).Select(LocationView.Of).ToList())
            : Problems.InvalidRouteValue("unitId");

    /// <summary>The location the route names; '-' is an empty room or bed. Each part is 1 to 64 characters of text without HL7 delimiters.</summary>
    private static (AdtLocation? Location, IResult? Problem) Parse(string pointOfCare, string room, string bed, string? facility)
    {
        var errors = new FieldErrors();
        Part(pointOfCare, "pointOfCare", allowEmpty: false, errors);
        Part(room, "room", allowEmpty: true, errors);
        Part(bed, "bed", allowEmpty: true, errors);
        if (facility is not null)
        {
            Part(facility, "facility", allowEmpty: false, errors);
        }

        return errors.AsProblem() is { } problem
            ? (null, problem)
            : (new AdtLocation(pointOfCare, room == Empty ? "" : room, bed == Empty ? "" : bed, facility ?? ""), null);
    }

    private static void Part(string value, string name, bool allowEmpty, FieldErrors errors)
    {
        if (value.Length is 0 or > 64 || value.Any(c => char.IsControl(c) || c is '^' or '~' or '\\' or '&' or '|') || (!allowEmpty && value == Empty))
        {
            errors.Add(name, $"'{name}' must be 1 to 64 characters without control characters or HL7 delimiters (^ ~ \\ & |){(allowEmpty ? "; '-' for none" : "")}.");
        }
    }

    private static string Resource(AdtLocation location) => $"location/{location}";

    /// <summary>A mapped location as the API shows it.</summary>
    public sealed record LocationView(string PointOfCare, string Room, string Bed, string Facility, string UnitId, string UnitBed, string UpdatedBy, DateTimeOffset UpdatedAt)
    {
        public static LocationView Of(LocationMapping m) => new(m.PointOfCare, m.Room, m.Bed, m.Facility, m.UnitId, m.UnitBed, m.UpdatedBy, m.UpdatedAt);
    }
}
