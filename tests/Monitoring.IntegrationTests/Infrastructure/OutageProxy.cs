using System.Net;
using System.Net.Sockets;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of PostgreSQL that a test can cut: while down, it drops every open
/// connection and refuses new ones, as a database that has gone away does; while stalled, nothing
/// gets through and nothing is refused, as with a network that drops packets or a server that hangs;
/// then it comes back. The shared test server keeps running for every other test.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly List<TcpClient> _held = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private volatile bool _down;
    private TaskCompletionSource _flowing = Flowing();

    public OutageProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private bool Stalled
    {
        get
        {
            lock (_lock)
            {
                return !_flowing.Task.IsCompleted;
            }
        }
    }

    /// <summary>The database goes away: open connections are reset and new ones refused.</summary>
    public void GoDown()
    {
        _down = true;
        lock (_lock)
        {
            ResetAll();
        }
    }

    /// <summary>
    /// The database stops answering without refusing anything: open connections carry nothing more,
    /// and new ones are accepted and never answered, so each client waits for its own timeout.
    /// </summary>
    public void Stall()
    {
        lock (_lock)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// The database is back. The connections caught in a stall are reset, so nothing sent on them is
    /// delivered late (as after a partition that outlasted the clients' patience).
    /// </summary>
    public void ComeBack()
    {
        lock (_lock)
        {
            if (!_flowing.Task.IsCompleted)
            {
                ResetAll();
                _flowing.TrySetResult();
            }
        }

        _down = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        GoDown();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    // Under the lock.
    private void ResetAll()
    {
        foreach (var client in _open.Concat(_held))
        {
            Reset(client);
        }

        _open.Clear();
        _held.Clear();
    }

    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0); // a reset, not a polite close
        client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_down)
            {
                Reset(client);
                continue;
            }

            if (Stalled)
            {
                lock (_lock)
                {
                    _held.Add(client); // accepted, never answered
                }

                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            lock (_lock)
            {
                _open.Add(client);
                _open.Add(server);
            }

            var (a, b) = (client.GetStream(), server.GetStream());
            await Task.WhenAny(PumpAsync(a, b), PumpAsync(b, a));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The outage, or the end of the test: the connection is gone either way.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    /// <summary>Copies one way; while stalled, what arrives is held back.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            Task flowing;
            lock (_lock)
            {
                flowing = _flowing.Task;
            }

            await flowing.WaitAsync(_stop.Token);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
