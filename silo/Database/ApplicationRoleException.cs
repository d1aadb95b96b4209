namespace Monitoring.Silo.Database;

/// <summary>The migration run cannot give the application's role its rights as they must be: the message says why and what to do.</summary>
public sealed class ApplicationRoleException(string message) : Exception(message);
