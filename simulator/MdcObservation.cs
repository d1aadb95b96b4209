namespace Monitoring.Simulator;

/// <summary>
/// How one vital goes into a PCD-01 OBX: its ISO/IEEE 11073 MDC code, its MDC unit (each as
/// <c>code^mnemonic</c>, without the coding system) and how the value is written.
/// </summary>
public sealed record MdcObservation(string Code, string Unit, Func<VitalSignsSnapshot, string> Format);
