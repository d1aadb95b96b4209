namespace Monitoring.Api;

/// <summary>Names this assembly for <c>WebApplicationFactory</c> in tests.</summary>
public sealed class ApiMarker;
