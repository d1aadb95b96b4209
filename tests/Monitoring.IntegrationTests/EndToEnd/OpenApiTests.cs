using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The API's description as the running api serves it: public, OpenAPI 3, holding every call of the outside
/// contract (<c>../shared/API.md</c>); its reference page is public too, and the operations it lists are not.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed partial class OpenApiTests(RunningSystem system)
{
    [Fact]
    public async Task The_document_is_served_without_a_token_as_OpenAPI_3()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document["openapi"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(document["paths"]!.AsObject());
    }

    [SharedContractFact]
    public async Task Every_call_of_the_outside_contract_is_in_the_document()
    {
        var calls = ContractCalls(await File.ReadAllTextAsync(Repository.SharedApiContract));
        Assert.True(calls.Count >= 10, $"Only {calls.Count} calls read from {Repository.SharedApiContract}: {string.Join(", ", calls)}");
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        var missing = calls.Where(c => paths[c.Path]?[c.Method.ToLowerInvariant()] is null).Select(c => $"{c.Method} {c.Path}").ToList();

        Assert.True(missing.Count == 0, $"In API.md but not in /openapi/v1.json: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_reference_page_is_served_without_a_token_as_HTML()
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };

        using var page = await anonymous.GetAsync(new Uri("/api-reference/v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_operation_of_the_public_document_still_answers_401_without_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };
        Assert.NotNull((await DocumentAsync())["paths"]?["/api/v1/units"]?["get"]);

        using var answer = await anonymous.GetAsync(new Uri("/api/v1/units", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        // As the document says of every 401: problem details.
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The calls in API.md's tables (<c>| `METHOD /path` |</c>), without their query strings.</summary>
    private static List<(string Method, string Path)> ContractCalls(string markdown) =>
        [.. ContractRow().Matches(markdown).Select(m => (m.Groups["method"].Value, m.Groups["path"].Value.Split('?')[0]))];

    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = system.ApiUrl };
        using var answer = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
    }

    [GeneratedRegex(@"^\|\s*`(?<method>GET|POST|PUT|PATCH|DELETE) (?<path>/[^`\s]*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex ContractRow();
}
