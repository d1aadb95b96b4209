using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Monitoring.Api.Http;

/// <summary>
/// The API's description, generated from the endpoints: <c>/openapi/v1.json</c> (as API.md lists it)
/// and a reference page to read it at <c>/api-reference/v1</c>. Both are public: they describe the
/// API, not any patient; every operation in them still needs a bearer token.
/// </summary>
public static class OpenApiSetup
{
    public const string Document = "v1";

    public const string ReferencePrefix = "/api-reference";

    public static IServiceCollection AddMonitoringOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(Document, options => options.AddDocumentTransformer(Describe));

    public static WebApplication MapMonitoringOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ReferencePrefix, options => options.WithTitle("Ward monitor API")).AllowAnonymous();
        return app;
    }

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ward monitor API",
            Version = "v1",
            Description = "Bedside devices send vital signs; nurses see patients, alarms and trends. "
                + "Every operation needs a bearer token (JWT) whose role and units allow it; errors are problem details (RFC 9457) that name the field at fault.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token with the caller's role (device, nurse, oncall, admin, auditor) and units.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
        return Task.CompletedTask;
    }
}
