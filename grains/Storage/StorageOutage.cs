using System.Data.Common;
using System.Net.Sockets;
using Orleans.Storage;
using Polly.Timeout;

namespace Monitoring.Storage;

/// <summary>Whether a failed write means the database could not be reached (worth waiting out), not a conflict or a bug.</summary>
internal static class StorageOutage
{
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InconsistentStateException)
            {
                return false; // someone else wrote the state: not an outage
            }

            if (current is StorageUnavailableException or DbException or SocketException or TimeoutException or TimeoutRejectedException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
