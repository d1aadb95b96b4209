using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Monitoring.Api.Security;

/// <summary>
/// Requests per second each caller may make (token buckets, a burst of twice the rate): per device,
/// per person, and per client address for callers not signed in. The health checks are not limited.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>A device sends a batch a second; 20 leaves room for catching up after a gap.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:DevicePerSecond must be between 1 and 1000000.")]
    public int DevicePerSecond { get; set; } = 20;

    /// <summary>A dashboard or an integration acting for one person.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PersonPerSecond must be between 1 and 1000000.")]
    public int PersonPerSecond { get; set; } = 50;

    /// <summary>Anyone not (validly) signed in, per client address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnonymousPerSecond must be between 1 and 1000000.")]
    public int AnonymousPerSecond { get; set; } = 20;
}

/// <summary>Wires <see cref="RateLimitOptions"/> into ASP.NET Core rate limiting; 429 with Retry-After and problem details.</summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddMonitoringRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var rates = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, rates));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                    : "1";
                await TypedResults.Problem(
                    "Too many requests from this caller; nothing of this one was taken. Send it again after the Retry-After delay.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions rates)
    {
        if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        var user = context.User;
        var (key, perSecond) = user.Identity?.IsAuthenticated == true
            ? user.IsInRole(CareRoles.Device) ? ("device:" + user.Subject(), rates.DevicePerSecond) : ("person:" + user.Subject(), rates.PersonPerSecond)
            : ("address:" + context.Connection.RemoteIpAddress, rates.AnonymousPerSecond);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 2,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
