using System.ComponentModel;
using Monitoring.Api.Http;

namespace Monitoring.Api.Adt;

/// <summary>The body of <c>PUT /api/v1/locations/{pointOfCare}/{room}/{bed}</c>, <c>{"unitId":"icu-3w","bed":"12"}</c>: the bed of ours that location is.</summary>
public sealed record MapLocationRequest(
    [property: Description(RequestFields.IdentifierShape)] string UnitId,
    [property: Description(RequestFields.IdentifierShape)] string Bed)
{
    /// <summary>Null when the request can be taken, else a 400 naming every field at fault.</summary>
    public IResult? Validate()
    {
        var errors = new FieldErrors();
        RequestFields.Identifier(UnitId, "unitId", errors);
        RequestFields.Identifier(Bed, "bed", errors);
        return errors.AsProblem();
    }
}
