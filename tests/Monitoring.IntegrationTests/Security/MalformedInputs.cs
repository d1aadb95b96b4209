using System.Globalization;
using System.Text;

namespace Monitoring.IntegrationTests.Security;

/// <summary>
/// A corpus of hostile and broken inputs: raw bodies for every JSON endpoint that takes one, FHIR
/// Observations and HL7 v2 messages. None of them is valid; every one must be refused with a 4xx
/// (or an HL7 AE/AR, or a closed connection for a broken frame), and none may change anything.
/// </summary>
public static class MalformedInputs
{
    private static readonly string At = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A body and its content type; bytes, so that invalid UTF-8 can be sent.</summary>
    public sealed record Body(byte[] Bytes, string ContentType);

    /// <summary>Broken JSON bodies, sent to every JSON endpoint (the names are the test case names).</summary>
    public static readonly Dictionary<string, Func<Body>> Json = new()
    {
        ["empty"] = () => Text(""),
        ["whitespace"] = () => Text("   \n\t "),
        ["truncated object"] = () => Text("""{"sequence":1,"readings":[{"code":"hr","value":8"""),
        ["lone brace"] = () => Text("{"),
        ["null"] = () => Text("null"),
        ["array"] = () => Text("[]"),
        ["string"] = () => Text("\"x\""),
        ["number"] = () => Text("42"),
        ["NaN literal"] = () => Text("""{"sequence":NaN,"patientId":NaN,"hr":NaN,"spo2Scale":NaN,"escalationWindowSeconds":NaN,"by":NaN}"""),
        ["huge numbers"] = () => Text("""{"sequence":1e999999,"readings":[{"code":"hr","value":1e400,"at":"AT"}],"patientId":1e400,"hr":{"high":1e400},"spo2Scale":1e400,"escalationWindowSeconds":1e400,"by":1e400}"""),
        ["wrong types"] = () => Text("""{"sequence":"x","readings":"y","patientId":5,"unitId":[],"bed":{},"hr":"z","spo2Scale":"2","escalationWindowSeconds":"q","by":7}"""),
        ["deep nesting"] = () => Text("{\"x\":" + new string('[', 5000) + new string(']', 5000) + "}"),
        ["invalid UTF-8"] = () => new Body([.. "{\"patientId\":\""u8, 0xFF, 0xFE, 0xC3, .. "\",\"sequence\":\""u8, 0x80, .. "\"}"u8], "application/json"),
        ["comments"] = () => Text("/* hi */ {\"sequence\":1}"),
        ["trailing comma"] = () => Text("""{"sequence":1,"readings":[{"code":"hr","value":80,"at":"AT"},],}"""),
        ["control characters"] = () => Text("{\"patientId\":\"a\u0000b\",\"unitId\":\"\u0007\",\"bed\":\"\u001b[2J\",\"sequence\":\"\u0000\",\"by\":\"\u0000\",\"hr\":\"\u0000\",\"spo2Scale\":\"\u0000\",\"escalationWindowSeconds\":\"\u0000\"}"),
        ["long strings"] = () => Text($$"""{"patientId":"{{new string('p', 100_000)}}","unitId":"u","bed":"1","by":"{{new string('b', 100_000)}}","hr":{"high":"{{new string('9', 100_000)}}"},"sequence":"{{new string('1', 100_000)}}","spo2Scale":"{{new string('2', 100_000)}}"}"""),
        ["oversized"] = () => Text("{\"pad\":\"" + new string('x', 1536 * 1024) + "\"}"),
        ["plain text type"] = () => new Body("""{"sequence":1}"""u8.ToArray(), "text/plain"),
        ["xml"] = () => new Body("<readings><hr>80</hr></readings>"u8.ToArray(), "application/xml"),
        ["form"] = () => new Body("sequence=1&code=hr&value=80"u8.ToArray(), "application/x-www-form-urlencoded"),
    };

    /// <summary>Broken FHIR Observations for <c>POST /fhir/Observation</c> about a patient (PATIENT) or device (DEVICE).</summary>
    public static readonly Dictionary<string, Func<Body>> Fhir = new()
    {
        ["empty"] = () => FhirText(""),
        ["truncated"] = () => FhirText("""{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"""),
        ["array"] = () => FhirText("[]"),
        ["a Patient"] = () => FhirText("""{"resourceType":"Patient","id":"x","name":[{"family":"Doe"}]}"""),
        ["no resourceType"] = () => FhirText(Observation("\"status\":\"final\",").Replace("\"resourceType\":\"Observation\",", "", StringComparison.Ordinal)),
        ["no status"] = () => FhirText(Observation("")),
        ["value as text"] = () => FhirText(Observation("\"status\":\"final\",", value: "\"eighty\"")),
        ["value huge"] = () => FhirText(Observation("\"status\":\"final\",", value: "1e400")),
        ["value NaN"] = () => FhirText(Observation("\"status\":\"final\",", value: "NaN")),
        ["unknown code"] = () => FhirText(Observation("\"status\":\"final\",", loinc: "99999-9")),
        ["bad time"] = () => FhirText(Observation("\"status\":\"final\",", at: "2026-13-45T99:00:00Z")),
        ["subject empty reference"] = () => FhirText(Observation("\"status\":\"final\",", subject: "\"subject\":{\"reference\":\"Patient/\"}")),
        ["subject path traversal"] = () => FhirText(Observation("\"status\":\"final\",", subject: "\"subject\":{\"reference\":\"Patient/../../etc/passwd\"}")),
        ["no subject or device"] = () => FhirText(Observation("\"status\":\"final\",", subject: "\"note\":[{\"text\":\"x\"}]")),
        ["unit of weight for a heart rate"] = () => FhirText(Observation("\"status\":\"final\",", unit: "kg")),
        ["not vital signs"] = () => FhirText(Observation("\"status\":\"final\",", category: "laboratory")),
        ["deep extension nesting"] = () => FhirText(Observation("\"status\":\"final\"," + string.Concat(Enumerable.Repeat("\"extension\":[{\"url\":\"http://x\",", 300)) + "\"valueString\":\"x\"" + string.Concat(Enumerable.Repeat("}],", 299)) + "}],")),
        ["invalid UTF-8"] = () => new Body([.. Encoding.UTF8.GetBytes(Observation("\"status\":\"final\",")[..40]), 0xFF, 0xC0, 0x80, .. "\"}"u8], "application/fhir+json"),
        ["xml"] = () => new Body("<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/></Observation>"u8.ToArray(), "application/fhir+xml"),
        ["oversized"] = () => FhirText(Observation("\"status\":\"final\",\"id\":\"" + new string('x', 1536 * 1024) + "\",")),
        ["blood pressure components of the wrong type"] = () => FhirText(Observation("\"status\":\"final\",\"component\":[{\"code\":\"x\",\"valueQuantity\":[]}],", loinc: "85354-9")),
    };

    /// <summary>Broken HL7 v2 messages for the MLLP listener (DEVICE is the bound device's EUI-64).</summary>
    public static readonly Dictionary<string, Func<string>> Hl7 = new()
    {
        ["garbage"] = () => "hello, is this the monitoring system?",
        ["MSH only"] = () => Msh("ORU^R01^ORU_R01"),
        ["admission message"] = () => Msh("ADT^A01^ADT_A01") + "PID|1||X^^^H^MR||Doe^John\r",
        ["no OBX"] = () => Msh("ORU^R01^ORU_R01") + Obr(),
        ["value as text"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("abc"),
        ["value huge"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("1e400"),
        ["value NaN"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("NaN"),
        ["bad time"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("80", time: "20261345996100"),
        ["device id not EUI-64"] = () => (Msh("ORU^R01^ORU_R01") + Obr() + Obx("80")).Replace("DEVICE", "NOT-HEX-AT-ALL", StringComparison.Ordinal),
        ["unknown device"] = () => (Msh("ORU^R01^ORU_R01") + Obr() + Obx("80")).Replace("DEVICE", Infrastructure.Hl7Messages.Eui64(), StringComparison.Ordinal),
        ["no encoding characters"] = () => "MSH|\rOBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||80\r",
        ["separator changed after MSH"] = () => Msh("ORU^R01^ORU_R01") + (Obr() + Obx("80")).Replace('|', '#'),
        ["null bytes"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("8\00"),
        ["five thousand repetitions"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx(string.Join('~', Enumerable.Repeat("x", 5000))),
        ["deep components"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx(string.Concat(Enumerable.Repeat("^&", 3000))),
        ["unknown unit"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("80", unit: "999999^MDC_DIM_FURLONG^MDC"),
        ["value with a unit glued on"] = () => Msh("ORU^R01^ORU_R01") + Obr() + Obx("80%"),
        ["time in the year 10000"] = () => Msh("ORU^R01^ORU_R01").Replace(Time, "100000101000000", StringComparison.Ordinal) + Obr().Replace(Time, "100000101000000", StringComparison.Ordinal) + Obx("80", time: "100000101000000"),
        ["version from the future"] = () => Msh("ORU^R01^ORU_R01").Replace("|P|2.6", "|P|9.9", StringComparison.Ordinal) + Obr() + Obx("80"),
        ["processing id debug"] = () => Msh("ORU^R01^ORU_R01").Replace("|P|2.6", "|D|2.6", StringComparison.Ordinal) + Obr() + Obx("80"),
        ["no control id"] = () => Msh("ORU^R01^ORU_R01").Replace("|ctl|", "||", StringComparison.Ordinal) + Obr() + Obx("80"),
        ["segment of another standard"] = () => "ISA*00*          *00*          *ZZ*SENDER\r",
        ["oversized"] = () => Msh("ORU^R01^ORU_R01") + Obr() + string.Concat(Enumerable.Repeat(Obx("80"), 2000)),
    };

    private static Body Text(string json) => new(Encoding.UTF8.GetBytes(json.Replace("AT", At, StringComparison.Ordinal)), "application/json");

    private static Body FhirText(string json) => new(Encoding.UTF8.GetBytes(json), "application/fhir+json");

    private static string Observation(string status, string value = "80", string loinc = "8867-4", string at = "", string subject = "\"subject\":{\"reference\":\"Patient/PATIENT\"}", string unit = "/min", string category = "vital-signs") =>
        $$$"""
        {"resourceType":"Observation",{{{status}}}
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"{{{category}}}"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"{{{loinc}}}"}]},{{{subject}}},
         "effectiveDateTime":"{{{(at.Length > 0 ? at : At)}}}",
         "valueQuantity":{"value":{{{value}}},"unit":"{{{unit}}}","system":"http://unitsofmeasure.org","code":"{{{unit}}}"}}
        """;

    private static string Time => DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";

    private static string Msh(string type) => $"MSH|^~\\&|GW^DEVICE^EUI-64|WARD|||{Time}||{type}|ctl|P|2.6\r";

    private static string Obr() => $"OBR|1|X^GW^DEVICE^EUI-64||182777000^monitoring of patient^SNOMED-CT|||{Time}\r";

    private static string Obx(string value, string code = "150456^MDC_PULS_OXIM_SAT_O2^MDC", string unit = "262688^MDC_DIM_PERCENT^MDC", string? time = null) =>
        $"OBX|1|NM|{code}|1.1.1.1|{value}|{unit}|||||R|||{time ?? Time}\r";
}
