using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.ScaleOut;

/// <summary>
/// The local multi-node command of docs/operations.md, <c>deploy/cluster.sh</c>, run as an operator
/// runs it: three silos and two api hosts on free loopback ports, a PostgreSQL of its own in a data
/// folder of its own, no simulated ward. Stopped with SIGTERM (Ctrl-C) at the end.
/// </summary>
public sealed class LocalCluster : IAsyncLifetime
{
    private const int Silos = 3;
    private const int ApiHosts = 2;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "monitoring-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int[] _apiPorts = Ports(ApiHosts);
    private Dictionary<string, string> _environment = [];
    private HostProcess? _up;

    public TestTokens Tokens { get; } = new();

    public IReadOnlyList<Uri> ApiUrls => [.. _apiPorts.Select(p => new Uri($"http://127.0.0.1:{p}"))];

    /// <summary>The cluster database, as the silos reach it.</summary>
    public string ConnectionString { get; private set; } = "";

    public const string ClusterId = "local-cluster";

    public const string ServiceId = "monitoring";

    public string Output => _up?.Output ?? "";

    /// <summary>Where deploy/cluster.sh made the cluster's TLS files (ensure_cluster_tls).</summary>
    public string TlsFolder => Path.Combine(_dataDirectory, "tls");

    public async Task InitializeAsync()
    {
        var pgPort = Ports(1)[0];
        _environment = new Dictionary<string, string>
        {
            ["MONITORING_DATA_DIR"] = _dataDirectory,
            ["MONITORING_SILO_PORTS"] = Join(Ports(Silos)),
            ["MONITORING_GATEWAY_PORTS"] = Join(Ports(Silos)),
            ["MONITORING_SILO_HTTP_PORTS"] = Join(Ports(Silos)),
            ["MONITORING_API_PORTS"] = Join(_apiPorts),
            ["MONITORING_MLLP_PORTS"] = Join(Ports(ApiHosts)),
            ["MONITORING_ADT_PORTS"] = Join(Ports(ApiHosts)),
            ["MONITORING_PG_PORT"] = pgPort.ToString(CultureInfo.InvariantCulture),
            ["MONITORING_BEDS"] = "0",
            ["Auth__SigningKey"] = Tokens.SigningKey,
            // The roll's alarm-path gate (deploy/lib/canary.sh) in short windows, and a watchdog probe every 2 s so
            // that each window holds a few. The margin is wider than an operator's (250 ms): the tests' machine is
            // shared and a roll runs under load; a slowed release is seconds late, far past either.
            ["MONITORING_CANARY_WINDOW"] = "8",
            ["MONITORING_CANARY_SETTLE"] = "5",
            ["MONITORING_CANARY_MARGIN_MS"] = "1000",
            ["Watchdog__Interval"] = "00:00:02",
        };
        Directory.CreateDirectory(_dataDirectory);
        _up = HostProcess.StartScript("deploy/cluster.sh", _environment, "up", "--no-build");
        await Poll.UntilAsync(
            () => Task.FromResult(_up.HasExited ? throw new InvalidOperationException("deploy/cluster.sh stopped:\n" + _up.Output) : _up.Output.Contains("Cluster up", StringComparison.Ordinal) ? true : (bool?)null),
            TimeSpan.FromMinutes(3),
            "deploy/cluster.sh to report the cluster up");
        // As the schema's owner (deploy/lib/postgres.sh keeps each role's password beside the data).
        var password = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "cluster-postgres", "owner-password"))).Trim();
        ConnectionString = $"Host=127.0.0.1;Port={pgPort};Database=monitoring;Username=monitoring;Password={password}";
    }

    /// <summary><c>deploy/cluster.sh roll</c>: every silo, then every api host, replaced one at a time.</summary>
    public async Task<string> RollAsync(TimeSpan deadline)
    {
        var (exitCode, output) = await TryRollAsync(deadline);
        return exitCode == 0 ? output : throw new InvalidOperationException($"deploy/cluster.sh roll failed ({exitCode}):\n{output}");
    }

    /// <summary>
    /// <c>deploy/cluster.sh roll</c>, the new release carrying <paramref name="releaseSettings"/> (environment for its silos
    /// and api hosts, <c>--release-settings</c>) if given; answers the script's exit code and output, whatever they are.
    /// </summary>
    public async Task<(int ExitCode, string Output)> TryRollAsync(TimeSpan deadline, IReadOnlyDictionary<string, string>? releaseSettings = null)
    {
        string[] arguments = ["roll", "--no-build"];
        if (releaseSettings is not null)
        {
            var file = Path.Combine(_dataDirectory, "release-" + Guid.NewGuid().ToString("N")[..8] + ".env");
            await File.WriteAllLinesAsync(file, releaseSettings.Select(s => $"{s.Key}={s.Value}"));
            arguments = [.. arguments, "--release-settings", file];
        }

        await using var roll = HostProcess.StartScript("deploy/cluster.sh", _environment, arguments);
        var exitCode = await roll.WaitForExitAsync(deadline);
        return (exitCode, roll.Output);
    }

    /// <summary>The release folder the cluster runs (deploy/cluster.sh's record of it, which a supervised restart starts from).</summary>
    public string Release => File.ReadAllText(Path.Combine(_dataDirectory, "cluster", "release")).Trim();

    /// <summary>The release folder one of the cluster's processes (<c>silo-1</c>, <c>api-2</c>) runs from, read from its command line.</summary>
    public string ReleaseOf(string name)
    {
        var commandLine = File.ReadAllText($"/proc/{PidOf(name)}/cmdline").Split('\0');
        var assembly = commandLine.Single(a => a.EndsWith(".dll", StringComparison.Ordinal));
        return Path.GetDirectoryName(Path.GetDirectoryName(assembly))!;
    }

    /// <summary>SIGKILLs one of the cluster's processes (<c>api-2</c>, <c>silo-1</c>), as a crash would; answers its pid.</summary>
    public int Kill(string name)
    {
        var pid = PidOf(name);
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
        return pid;
    }

    /// <summary>The pid the cluster command has for one of its processes now.</summary>
    public int PidOf(string name) =>
        int.Parse(File.ReadAllText(Path.Combine(_dataDirectory, "cluster", name + ".pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>An HTTP client for one api host, signed in as the staff member (devices as themselves).</summary>
    public HttpClient Http(int apiHost) =>
        new(new SignedInHandler(Tokens)) { BaseAddress = ApiUrls[apiHost], Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A SignalR connection to one api host's hub, started, signed in as the staff member.</summary>
    public async Task<HubConnection> ConnectHubAsync(int apiHost)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(ApiUrls[apiHost], "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Tokens.Staff))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>
    /// The warnings and errors each process of the cluster logged (the last <paramref name="perProcess"/> of each,
    /// cut short), for a failure's message: the logs go with the cluster's temporary folder.
    /// </summary>
    public string WarningsAndErrors(int perProcess = 12)
    {
        return string.Join('\n', ProcessLogs().Select(log =>
        {
            var lines = ReadShared(log).Split('\n')
                .Where(l => l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
                .TakeLast(perProcess)
                .Select(Shorten);
            return $"--- {Path.GetFileName(log)} ---\n{string.Join('\n', lines)}";
        }));
    }

    /// <summary>
    /// Copies every process's log to <c>.data/test-results/local-cluster-logs</c>, which outlives the cluster's
    /// temporary folder (and is where CI keeps the test results); answers the folder.
    /// </summary>
    public string KeepLogs()
    {
        var kept = Path.Combine(Repository.Root, ".data", "test-results", "local-cluster-logs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(kept);
        foreach (var log in ProcessLogs())
        {
            File.WriteAllText(Path.Combine(kept, Path.GetFileName(log)), ReadShared(log));
        }

        return kept;
    }

    private IEnumerable<string> ProcessLogs() => Directory.Exists(_dataDirectory)
        ? Directory.EnumerateFiles(_dataDirectory, "*.log", SearchOption.AllDirectories).Where(f => !f.Contains("postgres", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        : [];

    /// <summary>A JSON log line as time, level, category, message and the exception's first line, each cut short.</summary>
    private static string Shorten(string line)
    {
        try
        {
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            var root = entry.RootElement;
            string Field(string name, int most) =>
                root.TryGetProperty(name, out var value) && value.GetString() is { } text ? (text.Length > most ? text[..most] : text).Split('\n')[0] : "";
            return $"{Field("Timestamp", 40)} {Field("LogLevel", 12)} {Field("Category", 80)}: {Field("Message", 300)} | {Field("Exception", 300)}";
        }
        catch (System.Text.Json.JsonException)
        {
            return line.Length > 400 ? line[..400] : line;
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.StopAsync(TimeSpan.FromSeconds(90)); // Ctrl-C: the script drains and stops everything
            await _up.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // PostgreSQL's files may still be closing; the folder is in the temporary directory.
        }
    }

    private static readonly HashSet<int> Taken = [];

    /// <summary>Free ports, none handed out twice by this fixture.</summary>
    private static int[] Ports(int count)
    {
        lock (Taken)
        {
            var ports = new List<int>();
            while (ports.Count < count)
            {
                var port = FreePorts.Next();
                if (Taken.Add(port))
                {
                    ports.Add(port);
                }
            }

            return [.. ports];
        }
    }

    private static string Join(int[] ports) => string.Join(',', ports);
}
