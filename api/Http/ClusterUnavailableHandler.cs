using Microsoft.AspNetCore.Diagnostics;
using Monitoring.Storage;

namespace Monitoring.Api.Http;

/// <summary>
/// Answers 503 with Retry-After when <see cref="Outages.Classify"/> says the failure will pass (the
/// database out, the cluster unreachable, a grain moving between silos), so devices resend later; any
/// other failure becomes a 500 problem without internals (the details go to the log).
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var kind = Outages.Classify(exception);
        var unavailable = kind != FailureKind.Fault;
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
                Detail = kind switch
                {
                    FailureKind.DatabaseOut => "The database is unreachable right now and nothing was stored. Send the same request again after the Retry-After delay.",
                    FailureKind.Fault => "The request failed on our side; it has been logged with its trace id.",
                    _ => "The monitoring cluster is not reachable right now. Send the same request again after the Retry-After delay; a resent reading batch is recognised by its sequence and never counted twice.",
                },
            },
        });
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
