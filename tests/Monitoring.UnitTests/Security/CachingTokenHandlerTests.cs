using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Api.Security;
using Monitoring.Security;

namespace Monitoring.UnitTests.Security;

/// <summary>
/// A device's token checked once and then trusted until it expires or five minutes pass: each request still
/// gets an identity of its own, a bad token is refused every time, and other settings mean a fresh check.
/// </summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly string Key = DevelopmentTokens.NewKey();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CachingTokenHandler _handler;
    private readonly Microsoft.IdentityModel.Tokens.TokenValidationParameters _parameters;
    private int _checks;

    public CachingTokenHandlerTests()
    {
        _handler = new CachingTokenHandler(_time) { MapInboundClaims = false };
        var jwt = new JwtBearerOptions();
        JwtValidation.Configure(jwt, new AuthOptions { SigningKey = Key });
        _parameters = jwt.TokenValidationParameters;
        // The check's own clock is this test's too; and it counts the checks made.
        _parameters.LifetimeValidator = (_, expires, _, _) => ++_checks > 0 && expires > _time.GetUtcNow().UtcDateTime;
    }

    [Fact]
    public async Task A_devices_token_sent_again_is_answered_with_the_same_claims_in_an_identity_of_its_own()
    {
        var token = Device(TimeSpan.FromHours(1));
        var first = await _handler.ValidateTokenAsync(token, PerRequest());
        first.ClaimsIdentity.AddClaim(new Claim("added-by", "the first request"));

        var second = await _handler.ValidateTokenAsync(token, PerRequest());

        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(("bedside-7", "device"), (second.ClaimsIdentity.FindFirst("sub")!.Value, second.ClaimsIdentity.FindFirst("role")!.Value));
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by"));
        Assert.Equal(1, _checks); // the second was answered from the first check
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_refused_though_it_was_accepted_before()
    {
        var token = Device(TimeSpan.FromMinutes(2));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);

        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.False((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);
    }

    [Fact]
    public async Task A_withdrawn_signing_key_stops_a_token_checked_before_at_once()
    {
        var token = Device(TimeSpan.FromHours(1));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);

        _parameters.IssuerSigningKey = DevelopmentTokens.SecurityKey(DevelopmentTokens.NewKey()); // the provider's keys changed

        Assert.False((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);
    }

    [Fact]
    public async Task A_check_is_relied_on_for_five_minutes_at_most_even_for_a_token_valid_for_hours()
    {
        var token = Device(TimeSpan.FromHours(8));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);

        _time.Advance(CachingTokenHandler.KeptFor - TimeSpan.FromSeconds(1));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);
        Assert.Equal(1, _checks);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);

        Assert.Equal(2, _checks);
    }

    [Fact]
    public async Task A_forged_token_is_refused_every_time_and_never_kept()
    {
        var forged = DevelopmentTokens.Mint(DevelopmentTokens.NewKey(), "bedside-7", ["device"], [], TimeSpan.FromHours(1));

        Assert.False((await _handler.ValidateTokenAsync(forged, PerRequest())).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(forged, PerRequest())).IsValid);
    }

    [Fact]
    public async Task Other_validation_settings_mean_a_fresh_check()
    {
        var token = Device(TimeSpan.FromHours(1));
        Assert.True((await _handler.ValidateTokenAsync(token, PerRequest())).IsValid);
        var otherAudience = PerRequest();
        otherAudience.ValidAudience = "another-system";

        Assert.False((await _handler.ValidateTokenAsync(token, otherAudience)).IsValid);
    }

    /// <summary>The settings as the JWT handler hands them to every request: a copy of its own.</summary>
    private Microsoft.IdentityModel.Tokens.TokenValidationParameters PerRequest() => _parameters.Clone();

    private static string Device(TimeSpan lifetime) => DevelopmentTokens.Mint(Key, "bedside-7", ["device"], [], lifetime);
}
