using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
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

    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddMonitoringOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(Document, options =>
        {
            options.AddDocumentTransformer(Describe);
            options.AddSchemaTransformer(NumbersAreNumbers);
            options.AddSchemaTransformer(RequiredIsNeverNull);
            options.AddSchemaTransformer(DescribeHandWrittenJson);
            options.AddOperationTransformer(AddSignedInResponsesAsync);
        });

    public static WebApplication MapMonitoringOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ReferencePrefix, options => options.WithTitle("Ward monitor API")).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Describes the JSON body an endpoint reads as <typeparamref name="TRequest"/>, and the problems
    /// <see cref="JsonBody"/> and the record's validator answer with: 400 naming each field at fault,
    /// 413 when too large, 415 when not JSON.
    /// </summary>
    public static RouteHandlerBuilder ReadsJson<TRequest>(this RouteHandlerBuilder endpoint, bool optional = false) =>
        endpoint.Reads<TRequest>(optional)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// Describes the body an endpoint reads itself as <typeparamref name="TRequest"/>, in <paramref name="contentTypes"/>
    /// (<c>application/json</c> when none are named).
    /// </summary>
    public static RouteHandlerBuilder Reads<TRequest>(this RouteHandlerBuilder endpoint, bool optional = false, params string[] contentTypes)
    {
        endpoint.WithMetadata(new DocumentedBody(typeof(TRequest), optional));
        return contentTypes.Length == 0 ? endpoint : endpoint.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
        {
            if (operation.RequestBody is OpenApiRequestBody { Content: { Count: > 0 } content } body)
            {
                var schema = content.Values.First().Schema;
                body.Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema });
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// For an endpoint that any valid token may call and that reads nothing from the cluster or the database:
    /// it answers neither 403 nor 503, so the document does not say it does.
    /// </summary>
    public static RouteHandlerBuilder OpenToAnySignedInCaller(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new AnySignedInCaller());

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

    /// <summary>
    /// What every operation that needs a token can answer, whatever it does: 401 without a valid token, 403
    /// when its role or units do not allow the call, 429 over the caller's rate, 503 while the cluster or the
    /// database cannot be reached (or the audit trail is full). All are problem details; 429 and 503 say
    /// when to try again (Retry-After). Public operations (the document and its page) get none of them.
    /// </summary>
    private static async Task AddSignedInResponsesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var problem = await ProblemSchemaAsync(context, cancellationToken);
        var anySignedIn = metadata.OfType<AnySignedInCaller>().Any();
        operation.Responses ??= [];
        Add("401", "No valid bearer token: missing, expired, or not signed by a trusted issuer.", retryAfter: false);
        if (!anySignedIn)
        {
            Add("403", "The token's role or units do not allow this call; refusals are audited.", retryAfter: false);
        }

        Add("429", "Too many requests from this caller; nothing of this one was taken.", retryAfter: true);
        if (!anySignedIn)
        {
            Add("503", "Nothing was done: the cluster or the database cannot be reached, the system is too busy, or the audit trail is full. Send the same request again later.", retryAfter: true);
        }

        void Add(string status, string description, bool retryAfter)
        {
            if (!operation.Responses.TryGetValue(status, out var existing) || existing is not OpenApiResponse response)
            {
                response = new OpenApiResponse { Description = description };
                operation.Responses[status] = response;
            }

            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.TryAdd(ProblemJson, new OpenApiMediaType { Schema = problem });
            if (retryAfter)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before sending the same request again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                });
            }
        }
    }

    /// <summary>
    /// A number is a JSON number, in and out: <see cref="RequestJson"/> refuses <c>"2"</c> for <c>2</c> (the web
    /// defaults' reading of numbers from strings, which the generator describes, is not used).
    /// </summary>
    private static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A field a request record requires (a constructor parameter without a default) takes no null, though its type may
    /// be nullable so that its validator can tell a missing value from 0 (a reading's time, a batch's sequence, a tier's limit).
    /// </summary>
    private static Task RequiredIsNeverNull(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { AssociatedParameter.HasDefaultValue: false } property
            && Nullable.GetUnderlyingType(property.PropertyType) is not null
            && RequestJson.Default.GetTypeInfo(property.DeclaringType) is not null
            && schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The values whose JSON is written or read by hand: a vital as <see cref="VitalValueJsonConverter"/> writes it
    /// (the value a number, an ACVPU letter or true/false) and a reading's value as <see cref="Ingestion.ReadingInputJsonConverter"/> reads it.
    /// </summary>
    private static Task DescribeHandWrittenJson(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        const JsonSchemaType AnyValue = JsonSchemaType.Number | JsonSchemaType.String | JsonSchemaType.Boolean;
        if (context.JsonTypeInfo.Type == typeof(Ingestion.ReadingValue))
        {
            schema.Type = AnyValue;
            schema.Properties = null;
        }
        else if (typeof(IEnumerable<KeyValuePair<string, Monitoring.Vitals.VitalValue>>).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            // The converter's own schema says nothing: each vital, keyed by its code, is written as below.
            schema.AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["value"] = new OpenApiSchema { Type = AnyValue, Description = "A number in the unit; consciousness as its ACVPU letter; o2 as true or false." },
                    ["unit"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The UCUM unit (/min, %, mm[Hg], Cel); null for consciousness and o2." },
                    ["at"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                },
                Required = new HashSet<string>(["value", "unit", "at"]),
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The problem details schema, as one component all these responses refer to.</summary>
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string Id = nameof(Microsoft.AspNetCore.Mvc.ProblemDetails);
        var schema = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        if (document.Components?.Schemas?.ContainsKey(Id) != true)
        {
            document.AddComponent(Id, schema);
        }

        return new OpenApiSchemaReference(Id, document);
    }

    /// <summary>
    /// The body an endpoint reads itself (it binds none, so nothing else says what it takes). Not
    /// <c>Accepts&lt;T&gt;(contentType)</c>: routing would then answer a body of another content type with a bare 415
    /// of its own, before the endpoint's access check and its own 415 problem. Without content types routing lets
    /// every request through, and the document describes the body as <c>application/json</c>.
    /// </summary>
    private sealed record DocumentedBody(Type RequestType, bool IsOptional) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes => [];
    }

    private sealed record AnySignedInCaller;
}
