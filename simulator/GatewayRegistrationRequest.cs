namespace Monitoring.Simulator;

/// <summary>Body of <c>PUT /api/v1/gateways/{gatewayId}</c>: the simulator registers itself by its source address.</summary>
public sealed record GatewayRegistrationRequest(string SourceAddress, IReadOnlyList<string> Devices);
