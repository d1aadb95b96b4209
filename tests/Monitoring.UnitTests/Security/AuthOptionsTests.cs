using System.ComponentModel.DataAnnotations;
using Monitoring.Api.Security;

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
}
