using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// Tokens as an attacker would forge them, against an api that takes its tokens from an identity
/// provider (the production setting): only a token the provider signed, by a pinned algorithm, for
/// this audience, and sent in the Authorization header, gets in.
/// </summary>
public sealed class IdentityProviderTokenTests(IdentityProviderSystem system) : IClassFixture<IdentityProviderSystem>
{
    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = system.ApiUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_nurse_with_a_token_from_the_identity_provider_is_signed_in_as_herself()
    {
        using var response = await MeAsync(system.Provider.Token("nurse-ada"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nurse-ada", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(system.Provider.Token("nurse-ada", issuer: system.Provider.Issuer.Replace("/realms/test", "/realms/elsewhere", StringComparison.Ordinal)))).StatusCode);

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(system.Provider.Token("nurse-ada", audience: "pharmacy"))).StatusCode);

    [Fact]
    public async Task An_unsigned_token_that_says_alg_none_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(system.Provider.Unsigned("nurse-ada"))).StatusCode);

    [Fact]
    public async Task A_token_signed_HS256_with_the_providers_public_key_as_its_secret_is_refused()
    {
        // The classic confusion: the public key is public, so anyone can make this signature.
        var forged = system.Provider.Token("nurse-ada", algorithm: SecurityAlgorithms.HmacSha256,
            signingKey: new SymmetricSecurityKey(system.Provider.PublicKey) { KeyId = TestIdentityProvider.KeyId });

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task A_token_the_provider_signed_with_an_algorithm_not_pinned_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(system.Provider.Token("nurse-ada", algorithm: SecurityAlgorithms.RsaSha384))).StatusCode);

    [Fact]
    public async Task A_good_token_in_the_query_string_is_taken_only_by_the_hub_not_by_the_REST_api()
    {
        var token = system.Provider.Token("nurse-ada");
        using var http = new HttpClient { BaseAddress = system.ApiUrl };

        using var rest = await http.GetAsync($"/api/v1/me?access_token={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(token)).StatusCode);
    }
}
