using System.ComponentModel.DataAnnotations;
using Monitoring.Api.Security;
using Monitoring.Security;

namespace Monitoring.UnitTests.Security;

public sealed class AuthOptionsTests
{
    private static List<ValidationResult> Validate(AuthOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Without_an_authority_or_a_key_start_up_says_what_is_missing()
    {
        var error = Assert.Single(Validate(new AuthOptions()));

        Assert.Contains("Auth:Authority", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:SigningKey", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=")] // "short"
    [InlineData("not base64 at all")]
    public void A_weak_or_garbled_key_is_refused(string key) =>
        Assert.Contains(Validate(new AuthOptions { SigningKey = key }), r => r.MemberNames.Contains(nameof(AuthOptions.SigningKey)));

    [Fact]
    public void A_random_key_or_an_authority_is_enough()
    {
        Assert.Empty(Validate(new AuthOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
        Assert.Empty(Validate(new AuthOptions { Authority = "https://login.example/realms/icu" }));
    }

    [Theory]
    [InlineData("http://login.hospital.example/realms/icu")]
    [InlineData("http://10.1.2.3:8080/realms/icu")]
    public void An_authority_over_plain_http_on_the_network_is_refused_naming_the_field(string authority)
    {
        var error = Assert.Single(Validate(new AuthOptions { Authority = authority }));

        Assert.Equal([nameof(AuthOptions.Authority)], error.MemberNames);
        Assert.Contains("must be https", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/realms/test")]
    [InlineData("http://localhost:8080/realms/test")]
    [InlineData("http://[::1]:8080/realms/test")]
    public void A_test_identity_provider_on_this_machine_may_be_plain_http(string authority) =>
        Assert.Empty(Validate(new AuthOptions { Authority = authority }));

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS256", "HS512")]
    public void Algorithms_other_than_signatures_by_a_key_pair_are_refused(params string[] algorithms)
    {
        var error = Assert.Single(Validate(new AuthOptions { Authority = "https://login.example/realms/icu", Algorithms = algorithms }));

        Assert.Equal([nameof(AuthOptions.Algorithms)], error.MemberNames);
        Assert.Contains($"'{algorithms[^1]}' is not one of them", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_of_algorithms_is_refused() =>
        Assert.Contains(Validate(new AuthOptions { Authority = "https://login.example/realms/icu", Algorithms = [] }), r => r.MemberNames.Contains(nameof(AuthOptions.Algorithms)));

    [Fact]
    public void Algorithms_are_pinned_to_RS256_unless_configured() =>
        Assert.Equal(["RS256"], new AuthOptions().Algorithms);
}
