using System.Globalization;
using Monitoring.Alarms;
using Monitoring.Vitals;

namespace Monitoring.Hl7.Alerts;

/// <summary>
/// An IHE PCD-04 Report Alert (<c>ORU^R40^ORU_R40</c>, HL7 2.6), written after the IHE PCD Technical Framework
/// Vol. 2 (Rev. 9.0, 2019: 3.4, B.1, B.5–B.8): one alert per message; MSH, PID (our opaque patient id, PID-3 type
/// PI; the name left unknown), PV1 (PV1-3: unit as point of care, and bed), one OBR (OBR-4 MDC_EVT_ALARM) and
/// the seven facets of the alert as OBX 1.0.0.0.1 to 1.0.0.0.7: event, source, phase, state, inactivation state,
/// priority, type (priority and type as facets of their own, not the deprecated OBX-8 flags). Every OBX is final (F).
/// </summary>
/// <remarks>
/// The alert identifier follows the TF's B.7 rule (and the committee's CP-151): the start message carries it in
/// OBR-3 with OBR-29 empty; every later message has an OBR-3 of its own (<c>{alertId}#{n}</c>, its n-th change)
/// and the alert identifier in OBR-29.2. Each message's OBR-3 and MSH-10 are the same each time it is sent
/// again, so a manager recognises a resend by either.
/// </remarks>
public sealed record ReportAlertMessage(string ControlId, string Text)
{
    /// <summary>MSH-21: the PCD-04 message profile, by the OID of the TF's table of assigned OIDs.</summary>
    public const string ProfileOid = "1.3.6.1.4.1.19376.1.6.1.4.1";

    /// <summary>OBR-4, and OBX-3 of the event facet when it has no metric: MDC_EVT_ALARM.</summary>
    public static readonly string[] AlarmEvent = ["196616", "MDC_EVT_ALARM", MdcVitalCodes.CodingSystem];

    /// <summary>The coding system of our own codes (alarm and source codes without an MDC term): HL7's local-table convention.</summary>
    public const string LocalCodingSystem = "99WARD";

    public static ReportAlertMessage Build(AlertReport report, ReportAlertHeader header)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(header);
        var builder = new Hl7MessageBuilder();
        var delimiters = builder.Delimiters;
        builder.Header()
            .Field(header.SendingApplication)                 // MSH-3
            .EmptyFields(1)                                    // MSH-4
            .Field(header.ReceivingApplication)               // MSH-5
            .EmptyFields(1)                                    // MSH-6
            .Field(Time(header.MadeAt))                        // MSH-7
            .EmptyFields(1)                                    // MSH-8
            .Field("ORU", "R40", "ORU_R40")                    // MSH-9
            .Field(header.ControlId)                           // MSH-10
            .Field("P")                                        // MSH-11
            .Field("2.6")                                      // MSH-12
            .EmptyFields(2)                                    // MSH-13, 14
            .Field("AL")                                       // MSH-15: accept acknowledgement always
            .Field("NE")                                       // MSH-16: no application acknowledgement
            .EmptyFields(1)                                    // MSH-17
            .Field("UNICODE UTF-8")                            // MSH-18
            .Field("en", "English", "ISO639")                  // MSH-19
            .EmptyFields(1)                                    // MSH-20
            .Field("IHE_PCD_ACM_001", "IHE PCD", ProfileOid, "ISO"); // MSH-21

        // PID-3: the opaque patient id (never the MRN); PID-5: the name, unknown here (type U).
        builder.Segment("PID").EmptyFields(2).Field(report.PatientId, "", "", "", "PI").EmptyFields(1).Field("", "", "", "", "", "", "U");
        builder.Segment("PV1").EmptyFields(1).Field("I").Field(report.UnitId, "", report.Bed);

        var update = report.Phase != AlertPhase.Start;
        builder.Segment("OBR")
            .Field("1")                                                                  // OBR-1
            .EmptyFields(1)                                                              // OBR-2
            .Field(update ? UpdateId(report) : report.AlertId, header.SendingApplication) // OBR-3
            .Field(AlarmEvent)                                                           // OBR-4
            .EmptyFields(2)                                                              // OBR-5, 6
            .Field(Time(header.MadeAt));                                                 // OBR-7: when packaged
        if (update)
        {
            // OBR-29 (EIP), component 2: the alert this message updates, its parts as subcomponents.
            builder.EmptyFields(21).EncodedField(ParentField(report.AlertId, header.SendingApplication, delimiters));
        }

        var obx = new FacetWriter(builder);
        WriteEvent(obx, report);
        WriteSource(obx, report);
        obx.Write("ST", ["68481", "MDC_ATTR_EVENT_PHASE", MdcVitalCodes.CodingSystem], PhaseWord(report.Phase));
        obx.Write("ST", ["68482", "MDC_ATTR_ALARM_STATE", MdcVitalCodes.CodingSystem], report.State switch
        {
            AlertState.Active => "active",
            AlertState.Latched => "latched",
            _ => "inactive",
        });
        obx.Write("ST", ["68483", "MDC_ATTR_ALARM_INACTIVATION_STATE", MdcVitalCodes.CodingSystem],
            report.Inactivation == AlertInactivation.Acknowledged ? "alert-acknowledged" : "enabled");
        obx.Write("ST", ["68484", "MDC_ATTR_ALARM_PRIORITY", MdcVitalCodes.CodingSystem], report.Priority switch
        {
            AlarmPriority.High => "PH",
            AlarmPriority.Medium => "PM",
            _ => "PL",
        });
        obx.Write("ST", ["68485", "MDC_ATTR_ALERT_TYPE", MdcVitalCodes.CodingSystem], TypeOf(report));
        return new ReportAlertMessage(header.ControlId, builder.Build());
    }

    /// <summary>The alert type: technical (ST), advisory (SA: observations overdue, a reminder to measure), else physiological (SP).</summary>
    public static string TypeOf(AlertReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Kind == AlarmKind.Technical ? "ST" : report.Code == AlertTexts.ObservationsOverdueCode ? "SA" : "SP";
    }

    /// <summary>
    /// OBR-29 (EIP) naming an alert, as every message after its start carries it (PCD-04 updates, PCD-05): the alert id
    /// and the application that gave it, as subcomponents of component 2, escaped.
    /// </summary>
    public static string ParentField(string alertId, string application, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(alertId);
        ArgumentNullException.ThrowIfNull(application);
        return $"{delimiters.Component}{Hl7Escaping.Encode(alertId, delimiters)}{delimiters.Subcomponent}{Hl7Escaping.Encode(application, delimiters)}";
    }

    /// <summary>OBR-3 of the n-th change of an alert (its start is the alert identifier itself).</summary>
    public static string UpdateId(AlertReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"{report.AlertId}#{report.Update}");
    }

    /// <summary>The event phase as MDC_ATTR_EVENT_PHASE words it.</summary>
    public static string PhaseWord(AlertPhase phase) => phase switch
    {
        AlertPhase.Start => "start",
        AlertPhase.Escalate => "escalate",
        AlertPhase.End => "end",
        AlertPhase.Acknowledged => "acknowledged",
        _ => "update",
    };

    /// <summary>
    /// Facet 1, the event: a value past a low or a high limit is MDC_EVT_LO or MDC_EVT_HI with the alarm's text;
    /// anything else is MDC_EVT_ALARM with our alarm code. OBX-14 is when the change happened; OBX-18 the device.
    /// </summary>
    private static void WriteEvent(FacetWriter obx, AlertReport report)
    {
        var text = AlertTexts.Describe(report.Code);
        string[]? limitEvent = report.Source is null ? null : AlertTexts.SideOf(report.Code) switch
        {
            LimitSide.Low => ["196670", "MDC_EVT_LO", MdcVitalCodes.CodingSystem],
            LimitSide.High => ["196648", "MDC_EVT_HI", MdcVitalCodes.CodingSystem],
            _ => null,
        };
        var device = report.DeviceId is { } id ? new[] { id, "", id, "EUI-64" } : null;
        if (limitEvent is not null)
        {
            obx.Write("ST", limitEvent, [text], observedAt: report.OccurredAt, device: device);
        }
        else
        {
            obx.Write("CWE", AlarmEvent, [report.Code, text, LocalCodingSystem], observedAt: report.OccurredAt, device: device);
        }
    }

    /// <summary>Facet 2, the source: the vital sign's metric with the value that caused the alarm, or (NEWS2, a device) what raised it.</summary>
    private static void WriteSource(FacetWriter obx, AlertReport report)
    {
        if (report.Source is { } sign && MdcMetric(sign) is { } metric)
        {
            obx.Write("NM", [metric.Code, metric.Mnemonic, MdcVitalCodes.CodingSystem],
                [report.Value is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : ""],
                units: [metric.UnitCode, metric.UnitMnemonic, MdcVitalCodes.CodingSystem]);
            return;
        }

        string[] source = report.Code.StartsWith("news2", StringComparison.Ordinal)
            ? ["news2", "National Early Warning Score 2", LocalCodingSystem]
            : report.DeviceId is not null ? ["device", "Bedside device", LocalCodingSystem] : ["patient", "Patient monitoring", LocalCodingSystem];
        obx.Write("CWE", ["68480", "MDC_ATTR_ALERT_SOURCE", MdcVitalCodes.CodingSystem], source);
    }

    /// <summary>The MDC metric a sign is reported under (the body's temperature, the cuff's pressures); none for entered ones.</summary>
    private static MdcObservation? MdcMetric(VitalSign sign) => sign switch
    {
        VitalSign.HeartRate => MdcVitalCodes.Observation(147842),
        VitalSign.PulseRate => MdcVitalCodes.Observation(149530),
        VitalSign.SpO2 => MdcVitalCodes.Observation(150456),
        VitalSign.RespirationRate => MdcVitalCodes.Observation(151562),
        VitalSign.SystolicPressure => MdcVitalCodes.Observation(150301),
        VitalSign.DiastolicPressure => MdcVitalCodes.Observation(150302),
        VitalSign.MeanArterialPressure => MdcVitalCodes.Observation(150303),
        VitalSign.Temperature => MdcVitalCodes.Observation(150364),
        _ => null,
    };

    private static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>Writes the OBX facets in order: OBX-1 counts them, OBX-4 is 1.0.0.0.n (the alert at the monitor's level).</summary>
    private sealed class FacetWriter(Hl7MessageBuilder builder)
    {
        private int _facet;

        public void Write(string type, string[] code, string value) => Write(type, code, [value]);

        public void Write(string type, string[] code, string[] value, string[]? units = null, DateTimeOffset? observedAt = null, string[]? device = null)
        {
            _facet++;
            var number = _facet.ToString(CultureInfo.InvariantCulture);
            builder.Segment("OBX")
                .Field(number)                     // OBX-1
                .Field(type)                       // OBX-2
                .Field(code)                       // OBX-3
                .Field($"1.0.0.0.{number}")        // OBX-4
                .Field(value)                      // OBX-5
                .Field(units ?? [""])              // OBX-6
                .EmptyFields(4)                    // OBX-7 (limits: not known here) to OBX-10
                .Field("F");                       // OBX-11
            if (observedAt is not null || device is not null)
            {
                builder.EmptyFields(2).Field(observedAt is { } at ? Time(at) : ""); // OBX-12, 13; OBX-14
            }

            if (device is not null)
            {
                builder.EmptyFields(3).Field(device); // OBX-15 to 17; OBX-18
            }
        }
    }
}
