using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

/// <summary>The library's MLLP listener on a free loopback port, answering with a handler of the test's; stopped when disposed.</summary>
internal sealed class RunningListener : IAsyncDisposable
{
    // Only for a test that hangs: the listener binds at once.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly MllpListener _listener;
    private readonly MllpConnectionSecurity _security;

    private RunningListener(MllpListener listener, MllpConnectionSecurity security, int port)
    {
        _listener = listener;
        _security = security;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<RunningListener> StartAsync(IMllpMessageHandler handler, Action<MllpOptions>? configure = null)
    {
        var settings = new MllpOptions { Port = 0 };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        var security = new MllpConnectionSecurity(options, NullLogger<MllpConnectionSecurity>.Instance);
        var listener = new MllpListener(options, handler, security, NullLogger<MllpListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        return new RunningListener(listener, security, await listener.BoundPort.WaitAsync(Deadline));
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        _listener.Dispose();
        _security.Dispose();
    }
}
