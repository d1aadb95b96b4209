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
        // One set of buckets for REST requests and hub invocations: a caller's budget is the same whichever it uses.
        services.AddSingleton(sp => new CallerRateLimiter(sp.GetRequiredService<IOptions<RateLimitOptions>>().Value));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<CallerRateLimiter>((limiter, callers) =>
        {
            limiter.GlobalLimiter = callers.Limiter;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = RetryAfterSeconds(rejected.Lease).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    "Too many requests from this caller; nothing of this one was taken. Send it again after the Retry-After delay.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests.").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>Retry-After, in whole seconds (at least one), of a refused lease.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
    }

    internal static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions rates)
    {
        if (context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        var user = context.User;
        var (key, perSecond) = user.Identity?.IsAuthenticated == true
            ? user.IsInRole(CareRoles.Device) ? ("device:" + user.Subject(), rates.DevicePerSecond)
            : user.IsInRole(CareRoles.Gateway) ? ("gateway:" + user.Subject(), rates.DevicePerSecond) : ("person:" + user.Subject(), rates.PersonPerSecond)
            : ("address:" + context.Connection.RemoteIpAddress, rates.AnonymousPerSecond);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(perSecond));
    }

    /// <summary>A bucket of <paramref name="perSecond"/> a second, twice that at once, nothing queued.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond * 2,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>The per-caller token buckets (<see cref="RateLimitOptions"/>), shared by REST and the hub.</summary>
public sealed class CallerRateLimiter(RateLimitOptions rates) : IDisposable
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitSetup.Partition(context, rates));

    /// <summary>
    /// A device's budget (<see cref="RateLimitOptions.DevicePerSecond"/>) when its batches come through a gateway,
    /// whose own sign-in speaks for many devices: one bucket per device behind any gateway.
    /// </summary>
    public PartitionedRateLimiter<string> BehindGateway { get; } = PartitionedRateLimiter.Create<string, string>(
        deviceId => RateLimitPartition.GetTokenBucketLimiter(deviceId, _ => RateLimitSetup.Bucket(rates.DevicePerSecond)));

    public void Dispose()
    {
        Limiter.Dispose();
        BehindGateway.Dispose();
    }
}
