using System.Diagnostics;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.Deployment;

/// <summary>
/// deploy/soak.sh read and asked for help, and given bad arguments: it parses, its help names every
/// option it takes, and a bad value stops it before it starts anything, naming the option. The soak
/// itself is not run here (it takes minutes and the whole machine).
/// </summary>
public sealed partial class SoakScriptTests : IDisposable
{
    private const string Script = "deploy/soak.sh";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "monitoring-soak-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_script_is_valid_bash()
    {
        var (exitCode, output) = await BashAsync("-n", Script);

        Assert.True(exitCode == 0, $"bash -n {Script}:\n{output}");
    }

    [Fact]
    public async Task Help_names_every_option_the_script_takes()
    {
        var options = OptionLabel().Matches(await File.ReadAllTextAsync(Path.Combine(Repository.Root, Script)))
            .SelectMany(m => m.Groups[1].Value.Split(" | ")).Where(o => o.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();

        var (exitCode, help) = await BashAsync(Script, "--help");

        Assert.Equal(0, exitCode);
        Assert.Superset(new HashSet<string>(["--devices", "--minutes", "--db-outage-at", "--db-outage-seconds", "--kill-silo-at", "--kill-api-at", "--report", "--no-build"]), options.ToHashSet());
        Assert.All(options, option => Assert.Contains(option, help, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--devices", "--devices", "0")]
    [InlineData("--minutes", "--minutes", "soon")]
    [InlineData("--kill-silo-at", "--kill-silo-at", "25")]
    [InlineData("--db-outage-at", "--minutes", "4", "--db-outage-at", "3.9", "--kill-silo-at", "off", "--kill-api-at", "off")]
    [InlineData("--db-outage-seconds", "--db-outage-seconds", "-5")]
    [InlineData("--report", "--report", "/no/such/folder/BENCHMARKS.md")]
    [InlineData("'--frobnicate'", "--frobnicate")]
    [InlineData("--breaches needs a value", "--breaches")]
    public async Task A_bad_argument_is_named_and_nothing_is_started(string named, params string[] arguments)
    {
        var (exitCode, output) = await BashAsync([Script, .. arguments]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "soak")), $"{Script} made a run folder before refusing its arguments:\n{output}");
    }

    // A case label of the argument loop, e.g. "    --devices | --minutes)".
    [GeneratedRegex(@"^\s+((?:-h \| )?--[a-z-]+(?: \| --[a-z-]+)*)\)", RegexOptions.Multiline)]
    private static partial Regex OptionLabel();

    /// <summary>Runs bash with these arguments from the repository's root, with a data folder of the test's own.</summary>
    private async Task<(int ExitCode, string Output)> BashAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
            Environment = { ["MONITORING_DATA_DIR"] = _dataDirectory },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }
}
