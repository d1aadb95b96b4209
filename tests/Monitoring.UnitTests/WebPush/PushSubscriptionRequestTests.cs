using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.WebPush;

namespace Monitoring.UnitTests.WebPush;

public sealed class PushSubscriptionRequestTests
{
    private static readonly string[] NoInsecureHosts = [];

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", null)]
    [InlineData("http://127.0.0.1:9000/push/1", "127.0.0.1")]
    public void A_browsers_subscription_is_taken(string endpoint, string? insecureHost)
    {
        var request = new PushSubscriptionRequest(endpoint, null, new PushSubscriptionKeys(BrowserKey(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))));

        Assert.Null(request.Validate(insecureHost is null ? NoInsecureHosts : [insecureHost]));
    }

    [Theory]
    [InlineData("http://push.example.com/send/1")]
    [InlineData("ftp://push.example.com/send/1")]
    [InlineData("https://user:secret@push.example.com/send/1")]
    [InlineData("/relative")]
    [InlineData("")]
    public void An_endpoint_that_is_not_an_https_push_service_is_refused_naming_endpoint(string endpoint)
    {
        var request = new PushSubscriptionRequest(endpoint, null, new PushSubscriptionKeys(BrowserKey(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))));

        Assert.Equal(["endpoint"], Fields(request.Validate(NoInsecureHosts)));
    }

    [Fact]
    public void Keys_that_are_not_a_P256_point_and_a_16_byte_secret_are_refused_each_by_name()
    {
        var request = new PushSubscriptionRequest("https://push.example.com/1", null, new PushSubscriptionKeys("BAAA", Base64Url.EncodeToString(new byte[15])));

        Assert.Equal(["keys.auth", "keys.p256dh"], Fields(request.Validate(NoInsecureHosts)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_subscription_without_keys_is_refused_naming_keys()
    {
        Assert.Equal(["keys"], Fields(new PushSubscriptionRequest("https://push.example.com/1", null, null).Validate(NoInsecureHosts)));
    }

    private static string BrowserKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    private static string[] Fields(IResult? result) =>
        [.. Assert.IsType<ValidationProblem>(result).ProblemDetails.Errors.Keys];
}
