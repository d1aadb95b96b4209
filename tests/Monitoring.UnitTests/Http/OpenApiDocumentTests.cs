using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Monitoring.Api.Hosting;
using Monitoring.Api.Http;
using Monitoring.Vitals;

namespace Monitoring.UnitTests.Http;

/// <summary>
/// The OpenAPI document of the api as it is built (not started): every operation of the app is in it, with what
/// it takes and what it answers, and the document reads back as OpenAPI without errors.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    // The public operational endpoints (health, metrics, the document and its page, the SignalR hub): not in the document.
    private static readonly string[] Operational = ["/healthz", "/metrics", "/openapi", OpenApiSetup.ReferencePrefix, "/hubs"];

    // Any valid token may call these, and they reach neither the cluster nor the database: no 403, no 503.
    private static readonly string[] OpenToAnySignedInCaller = ["GET /api/v1/me"];

    // Documented, and needing no token at all: the FHIR CapabilityStatement, which an EHR reads before signing in.
    private static readonly string[] Public = ["GET /fhir/metadata"];

    private WebApplication _app = null!;
    private OpenApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ApiHostingExtensions).Assembly.GetName().Name,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never opened: the app is built and its endpoints mapped, but it is not started.
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        });
        builder.AddMonitoringApi();
        _app = builder.Build();
        _app.MapMonitoringApi();
        // What starting the app would do first: hand the mapped endpoints to routing, where the document finds them.
        _app.UseRouting();
        _app.UseEndpoints(_ => { });
        _document = await _app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(OpenApiSetup.Document).GetOpenApiDocumentAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Every_operation_of_the_app_is_in_the_document_with_its_method()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 25, $"Only {endpoints.Count} endpoints found: {string.Join(", ", endpoints)}");

        var missing = endpoints.Where(e => Operation(e) is null).ToList();

        Assert.True(missing.Count == 0, $"Not in the document: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_document_holds_no_operation_the_app_does_not_have_and_nothing_operational()
    {
        var endpoints = Endpoints().ToHashSet();

        var extra = DocumentedOperations().Select(o => o.Name).Where(name => !endpoints.Contains(name)).ToList();

        Assert.True(extra.Count == 0, $"In the document but not an operation of the app: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Every_operation_has_a_summary_a_success_and_the_answers_to_a_caller_without_a_token_or_without_the_right()
    {
        var faults = new List<string>();
        foreach (var (name, operation) in DocumentedOperations())
        {
            var responses = operation.Responses ?? [];
            if (string.IsNullOrWhiteSpace(operation.Summary))
            {
                faults.Add($"{name}: no summary");
            }

            // A WebSocket's success is its upgrade (101).
            if (!responses.Keys.Any(status => status.StartsWith('2') || status == "101"))
            {
                faults.Add($"{name}: no success response");
            }

            if (Public.Contains(name))
            {
                if (responses.ContainsKey("401") || responses.ContainsKey("403"))
                {
                    faults.Add($"{name}: needs no token, yet says it answers 401 or 403");
                }

                continue;
            }

            var open = OpenToAnySignedInCaller.Contains(name);
            foreach (var status in open ? ["401", "429"] : new[] { "401", "403", "429", "503" })
            {
                if (!responses.TryGetValue(status, out var response) || response.Content?.ContainsKey("application/problem+json") != true)
                {
                    faults.Add($"{name}: no {status} problem details");
                }
                else if (status is "429" or "503" && response.Headers?.ContainsKey("Retry-After") != true)
                {
                    faults.Add($"{name}: {status} without Retry-After");
                }
            }

            if (open == responses.ContainsKey("403"))
            {
                faults.Add($"{name}: {(open ? "says it answers 403, which no signed-in caller gets" : "no 403")}");
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    [Fact]
    public void Every_operation_that_reads_a_body_describes_it_with_a_schema()
    {
        // Puts a resource named whole by its path (a device onto a gateway's list): there is nothing to send.
        string[] bodiless = ["PUT /api/v1/gateways/{gatewayId}/devices/{deviceId}"];
        var readers = DocumentedOperations()
            .Where(o => o.Name.StartsWith("POST ", StringComparison.Ordinal) || o.Name.StartsWith("PUT ", StringComparison.Ordinal))
            .Where(o => !bodiless.Contains(o.Name, StringComparer.Ordinal))
            .ToList();
        Assert.NotEmpty(readers);
        Assert.All(DocumentedOperations().Where(o => bodiless.Contains(o.Name, StringComparer.Ordinal)), o => Assert.Null(o.Operation.RequestBody));

        var undescribed = readers
            .Where(o => o.Operation.RequestBody?.Content is not { Count: > 0 } content || content.Values.Any(media => media.Schema is null))
            .Select(o => o.Name)
            .ToList();

        Assert.True(undescribed.Count == 0, $"No request body schema: {string.Join(", ", undescribed)}");
    }

    [Theory]
    [InlineData("POST /api/v1/patients", "patientId,unitId,bed")]
    [InlineData("PUT /api/v1/devices/{deviceId}/binding", "patientId")]
    [InlineData("PUT /api/v1/patients/{patientId}/settings", "spo2Scale")]
    [InlineData("POST /api/v1/devices/{deviceId}/readings", "sequence,readings")]
    [InlineData("POST /api/v1/patients/{patientId}/observations", "readings")]
    [InlineData("PUT /api/v1/units/{unitId}/settings", "escalationWindowSeconds,escalateMedium,reAlarmAfterSeconds,news2ConditionDelaySeconds")]
    [InlineData("POST /api/v1/alarms/{alarmId}/acknowledge", "by")]
    public void A_JSON_body_is_described_with_exactly_the_fields_the_endpoint_takes(string name, string fields) =>
        Assert.Equal(fields.Split(','), JsonBodyFields(name));

    [Fact]
    public void The_limits_bodies_name_every_vital_sign_with_limits_of_its_own()
    {
        // Pulse rate follows the heart rate's limits; consciousness and oxygen are not measured, so have none.
        var limited = VitalSignCatalog.Codes
            .Where(code => VitalSignCatalog.TryGetByCode(code, out var info) && info.IsMeasured && info.Sign != VitalSign.PulseRate);

        Assert.Equal(limited.Order(StringComparer.Ordinal), JsonBodyFields("PUT /api/v1/units/{unitId}/limits").Order(StringComparer.Ordinal));
        Assert.Equal(limited.Order(StringComparer.Ordinal), JsonBodyFields("PUT /api/v1/patients/{patientId}/limits").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ReadingBatchRequest", "sequence", JsonSchemaType.Integer)]
    [InlineData("ReadingInput", "at", JsonSchemaType.String)]
    [InlineData("LimitTier", "limit", JsonSchemaType.Number)]
    public void A_field_a_request_requires_is_described_as_never_null(string record, string field, JsonSchemaType type)
    {
        var schema = _document.Components?.Schemas?[record] ?? throw new InvalidOperationException($"{record} is not in the document.");

        Assert.Contains(field, schema.Required ?? new HashSet<string>());
        Assert.Equal(type, schema.Properties?[field].Type);
    }

    [Fact]
    public async Task The_document_reads_back_as_OpenAPI_without_errors_and_every_reference_resolves()
    {
        var json = await _document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);

        var read = OpenApiDocument.Parse(json, "json");

        Assert.True(read.Diagnostic?.Errors.Count is null or 0, string.Join("\n", read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.NotNull(read.Document);
        Assert.Equal(DocumentedOperations().Count, read.Document.Paths.Values.Sum(p => p.Operations?.Count ?? 0));
        var invalid = read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(invalid.Count == 0, string.Join("\n", invalid.Select(e => $"{e.Pointer}: {e.Message}")));
        var node = JsonNode.Parse(json)!;
        var schemas = node["components"]?["schemas"]?.AsObject().Select(kv => kv.Key).ToHashSet() ?? [];
        var dangling = References(node).Where(r => !r.StartsWith("#/components/schemas/", StringComparison.Ordinal) || !schemas.Contains(r["#/components/schemas/".Length..])).ToList();
        Assert.True(dangling.Count == 0, $"References to nothing: {string.Join(", ", dangling.Distinct())}");
    }

    /// <summary>Every HTTP endpoint of the app but the operational ones, as "METHOD /path" the way the document writes paths.</summary>
    private List<string> Endpoints() =>
        ((IEndpointRouteBuilder)_app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Select(e => (Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods, Path: "/" + e.RoutePattern.RawText!.Trim('/')))
            .Where(e => !Operational.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(e => e.Methods.Select(method => $"{method} {e.Path}"))
            .ToList();

    private List<(string Name, OpenApiOperation Operation)> DocumentedOperations() =>
        [.. _document.Paths.SelectMany(path => (path.Value.Operations ?? []).Select(o => ($"{o.Key.Method} {path.Key}", o.Value)))];

    private OpenApiOperation? Operation(string name) => DocumentedOperations().SingleOrDefault(o => o.Name == name).Operation;

    /// <summary>The properties of the JSON body an operation is documented to take.</summary>
    private string[] JsonBodyFields(string name)
    {
        var operation = Operation(name) ?? throw new InvalidOperationException($"{name} is not in the document.");
        var schema = operation.RequestBody?.Content?["application/json"].Schema ?? throw new InvalidOperationException($"{name} has no JSON body.");
        return [.. schema.Properties?.Keys ?? []];
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key == "$ref" && kv.Value is JsonValue v ? [v.GetValue<string>()] : References(kv.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
