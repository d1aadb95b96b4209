namespace Monitoring.Simulator;

/// <summary>Body of <c>PUT /api/v1/locations/{pointOfCare}/{room}/{bed}</c>: the unit's bed the feed's location is.</summary>
public sealed record LocationMappingRequest(string UnitId, string Bed);
