namespace Monitoring.Silo.Database;

/// <summary>The database's schema is older than this build needs.</summary>
public sealed class SchemaOutOfDateException(int current, int expected) : Exception(
    $"The database schema is at version {current}, but this silo needs version {expected}. " +
    "Apply the migrations first: `dotnet Monitoring.Silo.dll migrate` (or deploy/start.sh, which does it). " +
    "The silo does not start against an older schema.")
{
    public int CurrentVersion { get; } = current;

    public int ExpectedVersion { get; } = expected;
}
