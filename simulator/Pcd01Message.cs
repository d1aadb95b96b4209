using System.Globalization;
using Monitoring.Hl7;

namespace Monitoring.Simulator;

/// <summary>
/// Writes one bed's vitals as an HL7 v2.6 ORU^R01 in the IHE PCD-01 (Communicate PCD Data) profile: MSH, PID
/// with the simulator's opaque patient id (never a name), OBR, and one numeric OBX per vital with its MDC code
/// and unit; a vital the device does not have (SpO2 and pulse rate with the probe off) has no OBX. One instance per
/// device; not thread-safe (it reuses its buffer).
/// </summary>
public sealed class Pcd01Message(BedAssignment bed)
{
    private static readonly string[] Profile = ["IHE_PCD_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.1.1", "ISO"];
    private static readonly string[] MonitoringOfPatient = ["182777000", "monitoring of patient", "SNOMED-CT"];

    private static readonly (MdcObservation Observation, Func<VitalSignsSnapshot, string?> Format)[] Observations =
    [
        (MdcVitalCodes.Observation(147842), v => Whole(v.HeartRate)), // MDC_ECG_HEART_RATE
        (MdcVitalCodes.Observation(150456), v => Whole(v.SpO2)), // MDC_PULS_OXIM_SAT_O2: none with the probe off
        (MdcVitalCodes.Observation(151562), v => Whole(v.RespiratoryRate)), // MDC_RESP_RATE
        (MdcVitalCodes.Observation(150021), v => Whole(v.Systolic)), // MDC_PRESS_BLD_NONINV_SYS
        (MdcVitalCodes.Observation(150022), v => Whole(v.Diastolic)), // MDC_PRESS_BLD_NONINV_DIA
        (MdcVitalCodes.Observation(150023), v => Whole(v.Mean)), // MDC_PRESS_BLD_NONINV_MEAN
        (MdcVitalCodes.Observation(150364), v => v.Temperature.ToString("0.0", CultureInfo.InvariantCulture)), // MDC_TEMP_BODY
        (MdcVitalCodes.Observation(149530), v => Whole(v.PulseRate)), // MDC_PULS_OXIM_PULS_RATE: beds with noise only
    ];

    // OBX-1 (set id, numbering the OBX sent) and OBX-4 (each observation's sub-id in the containment tree).
    private static readonly string[] SetIds = [.. Enumerable.Range(1, Observations.Length).Select(n => n.ToString(CultureInfo.InvariantCulture))];
    private static readonly string[] SubIds = [.. SetIds.Select(n => $"1.1.1.{n}")];

    private readonly BedAssignment _bed = bed;
    private readonly Hl7MessageBuilder _text = new();

    /// <summary>How many OBX segments (vitals) a message carries for a bed without noise: all but the pulse rate.</summary>
    public static int ObservationCount => Observations.Length - 1;

    /// <summary>
    /// A control id unique across the run and increasing per device: the batch sequence followed by the bed
    /// number in five digits. As a decimal it fits a signed 64-bit integer, so a receiver can use it as the sequence.
    /// </summary>
    public static string ControlId(long sequence, int bed) =>
        ((sequence * 100_000) + bed).ToString(CultureInfo.InvariantCulture);

    public string Build(string controlId, VitalSignsSnapshot vitals, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var time = at.UtcDateTime.ToString("yyyyMMddHHmmss'+0000'", CultureInfo.InvariantCulture);
        var device = _bed.DeviceId;
        // The device as an HL7 entity identifier: <id>^<namespace>^<universal id>^<universal id type>.
        var t = _text.Clear()
            .Header().Field("SIM", device, Eui64.IdentifierType).EmptyFields(3).Field(time).EmptyFields(1).Field("ORU", "R01", "ORU_R01")
                .Field(controlId).Field("P").Field("2.6").EmptyFields(2).Field("NE").Field("AL").EmptyFields(4).Field(Profile)
            .Segment("PID").EmptyFields(2).Field(_bed.PatientId, "", "", "SIM", "PI")
            .Segment("OBR").Field("1").Field(controlId, "SIM", device, Eui64.IdentifierType).Field(controlId, "SIM", device, Eui64.IdentifierType)
                .Field(MonitoringOfPatient).EmptyFields(2).Field(time);
        var sent = 0;
        for (var i = 0; i < Observations.Length; i++)
        {
            var (o, format) = Observations[i];
            if (format(vitals) is not { } value)
            {
                continue;
            }

            t.Segment("OBX").Field(SetIds[sent++]).Field("NM").Field(o.Code, o.Mnemonic, MdcVitalCodes.CodingSystem).Field(SubIds[i]).Field(value)
                .Field(o.UnitCode, o.UnitMnemonic, MdcVitalCodes.CodingSystem).EmptyFields(4).Field("R").EmptyFields(2).Field(time)
                .EmptyFields(3).Field(device, "SIM", device, Eui64.IdentifierType);
        }

        return t.Build();
    }

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Whole(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
