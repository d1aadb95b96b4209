namespace Monitoring.Silo.Database;

/// <summary>One versioned schema change: a SQL file named <c>NNNN-what.sql</c>, run once, in one transaction.</summary>
public sealed record Migration(int Version, string Name, string Sql);
