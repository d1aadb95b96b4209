using Microsoft.AspNetCore.SignalR;
using Monitoring.Api.Security;

namespace Monitoring.Api.Push;

/// <summary>
/// Hub invocations count against the caller's budget as REST requests do (the same buckets): one over
/// it is refused with a <see cref="HubException"/> naming when to try again, and nothing of it is done.
/// </summary>
public sealed class HubRateLimit(CallerRateLimiter callers) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.Context.GetHttpContext() is { } http)
        {
            using var lease = callers.Limiter.AttemptAcquire(http);
            if (!lease.IsAcquired)
            {
                throw new HubException($"Too many requests from this caller; {invocationContext.HubMethodName} was not done. Call it again after {RateLimitSetup.RetryAfterSeconds(lease)} s.");
            }
        }

        return await next(invocationContext);
    }
}
