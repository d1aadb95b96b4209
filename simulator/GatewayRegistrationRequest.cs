namespace Monitoring.Simulator;

/// <summary>
/// Body of <c>PUT /api/v1/gateways/{gatewayId}</c>: the simulator registers itself by its source address for MLLP,
/// or with no address for a gateway that streams over WebSocket with its token.
/// </summary>
public sealed record GatewayRegistrationRequest(string? SourceAddress, IReadOnlyList<string> Devices);
