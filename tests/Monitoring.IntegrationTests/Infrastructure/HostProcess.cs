using System.Diagnostics;
using System.Text;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A silo or api running as a real process (<c>dotnet X.dll</c>), with its output kept for the test's
/// failure message. Stops with SIGTERM (graceful) or SIGKILL (a crash).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private HostProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Run("dotnet", Path.GetDirectoryName(assembly)!, [assembly, .. arguments], environment);

    /// <summary>One of the repository's shell scripts (<c>deploy/*.sh</c>), run from the repository's root.</summary>
    public static HostProcess StartScript(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Run("bash", Repository.Root, [Path.Combine(Repository.Root, script), .. arguments], environment);

    private static HostProcess Run(string program, string directory, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM: the process shuts down gracefully; killed if it takes longer than the deadline.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        if (_disposed || _process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        try
        {
            await WaitForExitAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
