namespace Monitoring.Simulator;

/// <summary>Body of <c>POST /api/v1/patients</c>.</summary>
public sealed record AdmitPatientRequest(string PatientId, string UnitId, string Bed);
