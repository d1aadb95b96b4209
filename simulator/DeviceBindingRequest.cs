namespace Monitoring.Simulator;

/// <summary>Body of <c>PUT /api/v1/devices/{deviceId}/binding</c>.</summary>
public sealed record DeviceBindingRequest(string PatientId);
