using Monitoring.Api.Http;

namespace Monitoring.Api.Security;

/// <summary><c>GET /api/v1/me</c>: who the token says the caller is, so a page shows only what they may do.</summary>
public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/me", (HttpContext context) => TypedResults.Ok(new Me(
            context.User.Subject(),
            [.. context.User.FindAll(CareRoles.RoleClaim).Select(c => c.Value)],
            [.. context.User.Units()]))).WithTags("Sign-in")
            .WithSummary("Who the token says the caller is: subject, roles and units")
            .Produces<Me>()
            .OpenToAnySignedInCaller();
        return routes;
    }

    /// <summary>The caller: subject, roles and units (<c>*</c>: every unit).</summary>
    public sealed record Me(string Subject, string[] Roles, string[] Units);
}
