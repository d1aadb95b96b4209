using System.Net;
using System.Net.Sockets;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// Free TCP ports on loopback, each handed out once in this test run. A silo started on a taken port would start
/// without error; and the kernel may give a port just let go again at once (a silo was once given the same port
/// for its silo and gateway endpoints), so the ports handed out are remembered.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
