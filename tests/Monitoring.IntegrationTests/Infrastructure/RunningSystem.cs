using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The system as it runs for real: a database of its own on the test PostgreSQL, a silo process and
/// an api process on free ports. Tests reach it through HTTP and SignalR only.
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<int, HostProcess> _silosByPort = [];
    private readonly Dictionary<int, Uri> _operationsBySiloPort = [];

    private readonly string _redactionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>TLS inside the cluster, as deployments run it: the silos and the api present these.</summary>
    public ClusterCertificates ClusterCertificates { get; } = new();

    /// <summary>The first silo's gateway port (where Orleans clients connect).</summary>
    public int GatewayPort => _gatewayPort;

    public RunningSystem()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A system whose silos and api get these settings (environment variables) on top of the usual ones.</summary>
    protected RunningSystem(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public string ClusterId => _clusterId;
    private int _siloPort;
    private int _gatewayPort;

    public TestDatabase Database { get; private set; } = null!;

    public HostProcess Silo { get; private set; } = null!;

    public HostProcess Api { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Signed in: each request as the device or staff member who would send it (see <see cref="SignedInHandler"/>).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Mints tokens this system accepts.</summary>
    public TestTokens Tokens { get; } = new();

    /// <summary>Where the api's MLLP listener takes HL7 v2 messages.</summary>
    public int MllpPort { get; private set; }

    /// <summary>Where the api's ADT listener (MLLP) takes the patient administration system's messages.</summary>
    public int AdtPort { get; private set; }

    /// <summary>The MLLP gateway the tests' messages come from: their source address, 127.0.0.1.</summary>
    public const string LoopbackGateway = "test-loopback";

    private readonly SemaphoreSlim _gatewayRegistration = new(1, 1);
    private bool _gatewayRegistered;

    /// <summary>
    /// Lets the tests' MLLP sender (<see cref="LoopbackGateway"/>) report for these devices, as an admin
    /// registers a gateway's devices; the gateway is registered the first time.
    /// </summary>
    public async Task AllowOverMllpAsync(params string[] deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await _gatewayRegistration.WaitAsync();
        try
        {
            if (!_gatewayRegistered)
            {
                using var register = await Http.PutAsJsonAsync($"/api/v1/gateways/{LoopbackGateway}", new { sourceAddress = "127.0.0.1", devices = deviceIds });
                Assert.True(register.IsSuccessStatusCode, $"Registering the tests' gateway: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}");
                _gatewayRegistered = true;
                return;
            }
        }
        finally
        {
            _gatewayRegistration.Release();
        }

        foreach (var deviceId in deviceIds)
        {
            using var add = await Http.PutAsync($"/api/v1/gateways/{LoopbackGateway}/devices/{deviceId}", null);
            Assert.True(add.IsSuccessStatusCode, $"Adding {deviceId} to the tests' gateway: {(int)add.StatusCode} {await add.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Registers a gateway that streams over WebSocket (no MLLP identity) for these devices, as an admin does; returns its id.</summary>
    public async Task<string> RegisterStreamingGatewayAsync(params string[] deviceIds)
    {
        var gateway = WardClient.NewId("gw");
        using var registered = await Http.PutAsJsonAsync($"/api/v1/gateways/{gateway}", new { devices = deviceIds });
        Assert.True(registered.IsSuccessStatusCode, $"Registering the gateway: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        return gateway;
    }

    public virtual async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync();
        (_siloPort, _gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        Silo = await StartSiloAsync(_siloPort, _gatewayPort);

        MllpPort = FreePorts.Next();
        AdtPort = FreePorts.Next();
        ApiUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        Api = StartApi();
        Http = new HttpClient(new SignedInHandler(Tokens)) { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilReadyAsync();
    }

    /// <summary>
    /// Stops the api (SIGTERM), does <paramref name="whileDown"/>, and starts it again on the same
    /// ports; returns once it is ready.
    /// </summary>
    public async Task RestartApiAsync(Func<Task> whileDown)
    {
        ArgumentNullException.ThrowIfNull(whileDown);
        await Api.StopAsync(TimeSpan.FromSeconds(30));
        await Api.DisposeAsync();
        await whileDown();
        Api = StartApi();
        await WaitUntilReadyAsync();
    }

    /// <summary>
    /// Starts one more api host of the same cluster (and settings) on ports of its own; returns it with its address once
    /// it reports ready. The caller stops it.
    /// </summary>
    public async Task<(HostProcess Api, Uri Url)> StartAdditionalApiAsync()
    {
        var url = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var api = HostProcess.Start(RepositoryLayout.ApiAssembly, Environment(new()
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["Mllp__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            // Not the ADT listener's default port (2576), which another system on this machine may hold.
            ["Adt__Mllp__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        }));
        using var probe = new HttpClient { BaseAddress = url };
        await Poll.UntilAsync(
            async () => api.HasExited
                ? throw new InvalidOperationException("The second api exited at start:\n" + api.Output)
                : (await probe.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode ? true : (bool?)null,
            StartDeadline,
            "the second api to report ready");
        return (api, url);
    }

    /// <summary>Starts one more silo of the same cluster on ports of its own; the caller stops it.</summary>
    public Task<HostProcess> StartAdditionalSiloAsync() => StartSiloAsync(FreePorts.Next(), FreePorts.Next());

    /// <summary>The first silo's operator port: health, <c>/metrics</c> and the Orleans Dashboard.</summary>
    public Uri SiloOperationsUrl => _operationsBySiloPort[_siloPort];

    /// <summary>The silo port a silo process listens on.</summary>
    public int SiloPortOf(HostProcess silo) => _silosByPort.Single(kv => kv.Value == silo).Key;

    /// <summary>The silo process listening on a silo port.</summary>
    public HostProcess SiloOnPort(int siloPort) => _silosByPort[siloPort];

    /// <summary>Kills the silo (SIGKILL, or SIGTERM when <paramref name="graceful"/>) and starts it again on the same ports.</summary>
    public async Task RestartSiloAsync(bool graceful)
    {
        if (graceful)
        {
            await Silo.StopAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            await Silo.KillAsync();
        }

        await Silo.DisposeAsync();
        Silo = await StartSiloAsync(_siloPort, _gatewayPort);
        await WaitUntilReadyAsync();
    }

    /// <summary>A SignalR connection to the api's hub, started, signed in as the staff member or with <paramref name="token"/>.</summary>
    public async Task<HubConnection> ConnectHubAsync(string? token = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(ApiUrl, "/hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token ?? Tokens.Staff))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>A dashboard page's address, signed in as the staff member (or with <paramref name="token"/>), as a browser opens it.</summary>
    public string PageUrl(string pathAndQuery, string? token = null) =>
        new Uri(ApiUrl, pathAndQuery) + "#token=" + Uri.EscapeDataString(token ?? Tokens.Staff);

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        foreach (var process in new[] { Api, Silo }.OfType<HostProcess>())
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        ClusterCertificates.Dispose();
    }

    /// <summary>Where the silo's operator port listens (reached at 127.0.0.1 whatever it is): loopback unless a subclass exposes it.</summary>
    protected virtual string OperationsListenAddress => "127.0.0.1";

    /// <summary>The connection string the silo and the api are given (the test database, unless a subclass puts something between).</summary>
    protected virtual string SystemConnectionString => Database.ApplicationConnectionString;

    /// <summary>What the processes printed, for failure messages.</summary>
    public string Logs => $"--- silo ---\n{Silo?.Output}\n--- api ---\n{Api?.Output}";

    private HostProcess StartApi() => HostProcess.Start(RepositoryLayout.ApiAssembly, Environment(new()
    {
        ["ASPNETCORE_URLS"] = ApiUrl.ToString(),
        ["Mllp__Port"] = MllpPort.ToString(CultureInfo.InvariantCulture),
        ["Mllp__IdleTimeout"] = "00:00:02",
        ["Mllp__MaxFrameBytes"] = "65536",
        ["Adt__Mllp__Port"] = AdtPort.ToString(CultureInfo.InvariantCulture),
    }));

    private async Task<HostProcess> StartSiloAsync(int siloPort, int gatewayPort)
    {
        var operations = _operationsBySiloPort.TryGetValue(siloPort, out var known) ? known : new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        _operationsBySiloPort[siloPort] = operations;
        var silo = HostProcess.Start(RepositoryLayout.SiloAssembly, Environment(new()
        {
            ["Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Operations__Urls"] = $"http://{OperationsListenAddress}:{operations.Port}",
        }));
        await Poll.UntilAsync(
            () => Task.FromResult<bool?>(silo.HasExited
                ? throw new InvalidOperationException("The silo exited at start:\n" + silo.Output)
                : silo.Output.Contains(Monitoring.Silo.Hosting.SiloReady.Message, StringComparison.Ordinal) ? true : null),
            StartDeadline,
            "the silo to start");
        _silosByPort[siloPort] = silo;
        return silo;
    }

    private async Task WaitUntilReadyAsync()
    {
        try
        {
            await Poll.UntilAsync(
                async () => (await Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode ? true : (bool?)null,
                StartDeadline,
                "the api to report ready");
        }
        catch (TimeoutException e)
        {
            // The processes' output as it is when the wait gives up, not as it was when it began.
            throw new TimeoutException($"{e.Message} (api exited: {Api.HasExited})\n{Logs}", e);
        }
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> extra)
    {
        extra["Database__ConnectionString"] = SystemConnectionString;
        extra["Cluster__ClusterId"] = _clusterId;
        extra["Cluster__ServiceId"] = _clusterId;
        extra["Snapshots__Interval"] = "00:00:01";
        extra["Auth__SigningKey"] = Tokens.SigningKey;
        // One key in every process, as deployments have: patients hash alike in the logs, and alarm ids are sealed.
        extra["Redaction__Key"] = _redactionKey;
        foreach (var (name, value) in ClusterCertificates.Settings)
        {
            extra[name] = value;
        }
        // Failed sign-ins are written as one row per source and interval: a second here, not a minute.
        extra["Audit__FailedSignInsEvery"] = "00:00:01";
        // The tests' one staff member and their devices call far faster than people and monitors do.
        extra["RateLimits__DevicePerSecond"] = "100000";
        extra["RateLimits__PersonPerSecond"] = "100000";
        extra["RateLimits__AnonymousPerSecond"] = "100000";
        foreach (var (name, value) in _settings)
        {
            extra[name] = value;
        }

        return extra;
    }
}
