using System.Runtime.InteropServices;

namespace Monitoring.Simulator;

/// <summary>
/// Turns Ctrl-C and SIGTERM into a cancellation so the run can stop cleanly and print its summary.
/// A second signal terminates immediately.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigterm;
    private readonly TextWriter _output;

    public ShutdownSignal(TextWriter output)
    {
        _output = output;
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
        _cts.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested)
        {
            return;
        }

        e.Cancel = true;
        Stop("Ctrl-C");
    }

    private void OnSigterm(PosixSignalContext context)
    {
        if (_cts.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        Stop("SIGTERM");
    }

    private void Stop(string reason)
    {
        _output.WriteLine($"{reason}: stopping...");
        _cts.Cancel();
    }
}
