using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Api.Http;
using Orleans.Runtime;
using Orleans.Storage;

namespace Monitoring.UnitTests.Http;

public sealed class ClusterUnavailableHandlerTests
{
    [Fact]
    public async Task A_batch_that_met_a_second_activation_of_its_patient_while_a_silo_was_lost_is_answered_503_so_the_device_resends_it()
    {
        var (status, retryAfter, problem) = await HandleAsync(
            new InconsistentStateException("Version conflict (WriteState)", "17", "18"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("2", retryAfter);
        Assert.Equal("Service temporarily unavailable.", problem!.Title);
    }

    [Fact]
    public async Task A_silo_that_is_gone_is_answered_503_with_Retry_After()
    {
        var (status, retryAfter, _) = await HandleAsync(new SiloUnavailableException());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("2", retryAfter);
    }

    [Fact]
    public async Task A_bug_is_answered_500_without_Retry_After()
    {
        var (status, retryAfter, problem) = await HandleAsync(new InvalidOperationException("a bug"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Null(retryAfter);
        Assert.DoesNotContain("a bug", problem!.Detail, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string? RetryAfter, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> HandleAsync(Exception exception)
    {
        var problems = new RecordingProblems();
        var handler = new ClusterUnavailableHandler(problems, NullLogger<ClusterUnavailableHandler>.Instance);
        var context = new DefaultHttpContext();

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        var retryAfter = context.Response.Headers.RetryAfter;
        return (context.Response.StatusCode, retryAfter.Count == 0 ? null : retryAfter.ToString(), problems.Written?.ProblemDetails);
    }

    private sealed class RecordingProblems : IProblemDetailsService
    {
        public ProblemDetailsContext? Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.FromResult(true);
        }
    }
}
