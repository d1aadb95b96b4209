using Monitoring.Vitals;

namespace Monitoring.Hl7;

/// <summary>
/// How one vital sign goes into a PCD-01 OBX in MDC terms: OBX-3 its observation code and mnemonic (e.g. 150364
/// MDC_TEMP_BODY), OBX-6 the code and mnemonic of the sign's catalog unit (e.g. 268192 MDC_DIM_DEGC). Both are
/// in the coding system <see cref="MdcVitalCodes.CodingSystem"/>.
/// </summary>
public sealed record MdcObservation(VitalSign Sign, string Code, string Mnemonic, string UnitCode, string UnitMnemonic);
