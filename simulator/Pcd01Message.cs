using System.Globalization;
using System.Text;

namespace Monitoring.Simulator;

/// <summary>
/// Writes one bed's vitals as an HL7 v2.6 ORU^R01 in the IHE PCD-01 (Communicate PCD Data) profile: MSH, PID
/// with the simulator's opaque patient id (never a name), OBR, and one numeric OBX per vital with its MDC code
/// and unit. Segments end in CR. One instance per device; not thread-safe (it reuses its buffer).
/// </summary>
public sealed class Pcd01Message(BedAssignment bed)
{
    public const string Profile = "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO";
    public const string MonitoringOfPatient = "182777000^monitoring of patient^SNOMED-CT";

    private const char SegmentEnd = '\r';

    private static readonly MdcObservation[] Observations =
    [
        new("147842^MDC_ECG_HEART_RATE", "264864^MDC_DIM_BEAT_PER_MIN", v => Whole(v.HeartRate)),
        new("150456^MDC_PULS_OXIM_SAT_O2", "262688^MDC_DIM_PERCENT", v => Whole(v.SpO2)),
        new("151562^MDC_RESP_RATE", "264928^MDC_DIM_RESP_PER_MIN", v => Whole(v.RespiratoryRate)),
        new("150021^MDC_PRESS_BLD_NONINV_SYS", "266016^MDC_DIM_MMHG", v => Whole(v.Systolic)),
        new("150022^MDC_PRESS_BLD_NONINV_DIA", "266016^MDC_DIM_MMHG", v => Whole(v.Diastolic)),
        new("150023^MDC_PRESS_BLD_NONINV_MEAN", "266016^MDC_DIM_MMHG", v => Whole(v.Mean)),
        new("150364^MDC_TEMP_BODY", "268192^MDC_DIM_DEGC", v => v.Temperature.ToString("0.0", CultureInfo.InvariantCulture)),
    ];

    // The device as an HL7 entity identifier: <id>^<namespace>^<universal id>^<universal id type>.
    private readonly BedAssignment _bed = bed;
    private readonly string _equipment = $"{bed.DeviceId}^SIM^{bed.DeviceId}^EUI-64";
    private readonly StringBuilder _text = new(1024);

    /// <summary>How many OBX segments (vitals) each message carries.</summary>
    public static int ObservationCount => Observations.Length;

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
        var t = _text.Clear();
        t.Append("MSH|^~\\&|SIM^").Append(_bed.DeviceId).Append("^EUI-64||||").Append(time)
            .Append("||ORU^R01^ORU_R01|").Append(controlId).Append("|P|2.6|||NE|AL|||||").Append(Profile).Append(SegmentEnd);
        t.Append("PID|||").Append(_bed.PatientId).Append("^^^SIM^PI").Append(SegmentEnd);
        t.Append("OBR|1|").Append(controlId).Append("^SIM^").Append(_bed.DeviceId).Append("^EUI-64|")
            .Append(controlId).Append("^SIM^").Append(_bed.DeviceId).Append("^EUI-64|")
            .Append(MonitoringOfPatient).Append("|||").Append(time).Append(SegmentEnd);
        for (var i = 0; i < Observations.Length; i++)
        {
            var o = Observations[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            t.Append("OBX|").Append(n).Append("|NM|").Append(o.Code).Append("^MDC|1.1.1.").Append(n).Append('|')
                .Append(o.Format(vitals)).Append('|').Append(o.Unit).Append("^MDC|||||R|||").Append(time)
                .Append("||||").Append(_equipment).Append(SegmentEnd);
        }

        return t.ToString();
    }

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);
}
