using System.Data.Common;
using System.Net.Sockets;
using Orleans.Runtime;
using Orleans.Storage;
using Polly.Timeout;

namespace Monitoring.Storage;

/// <summary>What a failure that reached a caller means for the sender of the request.</summary>
public enum FailureKind
{
    /// <summary>Not an outage: a bug or a refusal; sending the same request again will not help.</summary>
    Fault,

    /// <summary>PostgreSQL could not be reached, so nothing was stored; send it again later.</summary>
    DatabaseOut,

    /// <summary>The silo holding the grain is gone, or did not answer in time; send it again later.</summary>
    ClusterUnavailable,

    /// <summary>
    /// Another activation of the grain wrote its state first (only while the cluster changes): Orleans
    /// deactivates the one that lost, so the same request sent again reaches the one that stays.
    /// </summary>
    StateMoved,
}

/// <summary>
/// The one place that decides whether a failure is an outage: for the grains' own writes
/// (<see cref="IsDatabaseOutage"/>) and for every way in (HTTP, FHIR and MLLP, <see cref="Classify"/>).
/// </summary>
public static class Outages
{
    /// <summary>
    /// Whether a write failed because the database could not be reached (worth waiting out), not because
    /// of a conflict or a bug: the grains' writers, the history queue and the Polly pipelines ask this.
    /// </summary>
    public static bool IsDatabaseOutage(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
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

    /// <summary>What an exception that reached an endpoint means: whether (and why) the sender should try again.</summary>
    public static FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Anywhere(exception, e => e is InconsistentStateException))
        {
            return FailureKind.StateMoved;
        }

        // A grain that could not load its state reports the driver's exception, inside Orleans' own.
        if (Anywhere(exception, e => e is StorageUnavailableException or DbException))
        {
            return FailureKind.DatabaseOut;
        }

        // Silo gone, message rejected or expired, response timed out: Orleans' own exceptions. A bug in a
        // grain reaches the caller as its own exception type, never as an OrleansException. While a silo
        // is being declared dead the grain directory cancels the lookups it sent to it: a cancellation the
        // caller did not ask for (callers check their own token first) is the cluster's too.
        return Anywhere(exception, e => e is OrleansException or TimeoutException or OperationCanceledException)
            ? FailureKind.ClusterUnavailable
            : FailureKind.Fault;
    }

    /// <summary>Whether the sender should send the same request again later.</summary>
    public static bool IsTransient(Exception exception) => Classify(exception) != FailureKind.Fault;

    private static bool Anywhere(Exception exception, Func<Exception, bool> matches)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (matches(current))
            {
                return true;
            }
        }

        return false;
    }
}
