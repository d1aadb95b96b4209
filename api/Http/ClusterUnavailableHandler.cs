using Microsoft.AspNetCore.Diagnostics;
using Monitoring.Storage;
using Orleans.Storage;

namespace Monitoring.Api.Http;

/// <summary>
/// Answers 503 with Retry-After when the cluster cannot be reached, so devices resend later; any
/// other failure becomes a 500 problem without internals (the details go to the log).
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var storageOut = IsStorageOutage(exception);
        var unavailable = storageOut || exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
            || exception is OrleansException { InnerException: TimeoutException or SiloUnavailableException }
            || IsMoving(exception);
        if (unavailable)
        {
            LogUnavailable(exception.GetType().Name, RouteOf(httpContext));
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "2";
        }
        else
        {
            LogFailed(exception, RouteOf(httpContext));
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = httpContext.Response.StatusCode,
                Title = unavailable ? "Service temporarily unavailable." : "Internal error.",
                Detail = storageOut
                    ? "The database is unreachable right now and nothing was stored. Send the same request again after the Retry-After delay."
                    : unavailable
                    ? "The monitoring cluster is not reachable right now. Send the same request again after the Retry-After delay; a resent reading batch is recognised by its sequence and never counted twice."
                    : "The request failed on our side; it has been logged with its trace id.",
            },
        });
    }

    /// <summary>PostgreSQL out, as a grain reports it: our own exception, or the driver's when a grain could not load its state.</summary>
    private static bool IsStorageOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StorageUnavailableException or System.Data.Common.DbException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Another activation of the grain wrote its state first: Orleans deactivates the one that lost, so
    /// the same request sent again reaches the one that stays. Only while the cluster changes.
    /// </summary>
    private static bool IsMoving(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The route template, not the path: paths name patients, which logs must not. The exception handler
    /// has cleared the request's endpoint by now; the feature keeps the one that failed.
    /// </summary>
    private static string RouteOf(HttpContext context) =>
        ((context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint()) as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable ({ExceptionType}) for {Path}")]
    private partial void LogUnavailable(string exceptionType, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed")]
    private partial void LogFailed(Exception exception, string path);
}
