using System.Diagnostics;
using Monitoring.Benchmarks;

namespace Monitoring.UnitTests.Benchmarks;

public sealed class ProcessProbeTests
{
    [Fact]
    public void A_server_process_is_charged_for_a_child_that_worked_and_ended_in_the_window()
    {
        // PostgreSQL's backends come and go; one that closed during a measurement must still be counted.
        var self = new ProcessProbe(Environment.ProcessId);
        var (withChildren, own) = (self.CpuSecondsWithChildren(), self.CpuSeconds());

        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"]))!;
        child.WaitForExit();

        var childrenOnly = (self.CpuSecondsWithChildren() - withChildren) - (self.CpuSeconds() - own);
        Assert.True(childrenOnly >= 0.1, $"the ended child was charged {childrenOnly:0.00} s");
    }
}
