using System.Diagnostics;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>Runs a command-line tool (a linter, promtool) to its end, with both its streams as the output a failure shows.</summary>
public static class ToolRun
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="program"/> in <paramref name="workingDirectory"/>; gives up after five minutes (the first run of a linter installs it from npm).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {Deadline.TotalMinutes:0} minutes:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
