using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Monitoring.IntegrationTests.Infrastructure;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>HL7 v2 ORU^R01 (IHE PCD-01) over MLLP, through the real listener, into the patient's vitals.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class Hl7IngestionTests(RunningSystem system)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly WardClient _ward = new(system.Http);

    [SharedFixtureTheory]
    [InlineData("hl7/ipf-continua-oximeter.hl7", "0123456789ABCDEF", "spo2=80.5")]
    [InlineData("hl7/ipf-continua-thermometer.hl7", "0123456789ABCDEF", "temp=37")]
    [InlineData("hl7/ipf-pcd01-nibp.hl7", "0123456789ABCDEF", "sbp=120 dbp=80 map=100")]
    [InlineData("hl7/ipf-pcd01-icu-gateway.hl7", "080019FFFF4F6AC0", "hr=60 pr=60 sbp=120 dbp=80 map=92")]
    [InlineData("hl7/ipf-pcd01-maximal.hl7", "0123456789ABCDEF", "sbp=140 map=100")]
    public async Task Outside_messages_become_the_patients_vitals_value_by_value(string file, string device, string expected)
    {
        // Sent as a gateway would send them today: their 2008-2009 times would be years before the device's binding.
        var patient = await PatientWithDeviceAsync(device);

        var ack = await SendAsync(AsIfSentNow(SharedFixtures.Read(file)));

        Assert.Contains("MSA|AA|", ack, StringComparison.Ordinal);
        await AssertVitalsAsync(patient, expected);
    }

    [Fact]
    public async Task A_monitor_message_of_our_own_becomes_vitals_with_units_converted_and_unknown_codes_skipped()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        var at = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";
        var message = string.Join('\r',
            $@"MSH|^~\&|GW^{device}^EUI-64|WARD|||{at}||ORU^R01^ORU_R01|OWN-{device}|P|2.6",
            "PID|||PAT-1^^^HOSP^MR||Doe^Jane",
            $"OBR|1|X^GW^{device}^EUI-64|Y^GW^{device}^EUI-64|182777000^monitoring of patient^SNOMED-CT|||{at}",
            $"OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|131|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||{at}",
            $"OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.2|93|262688^MDC_DIM_PERCENT^MDC|||||R|||{at}",
            $"OBX|3|NM|151562^MDC_RESP_RATE^MDC|1.1.1.3|19|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R|||{at}",
            $"OBX|4|NM|150364^MDC_TEMP_BODY^MDC|1.1.1.4|100.4|[degF]^[degF]^UCUM|||||R|||{at}",
            $"OBX|5|NM|999999^MDC_SOMETHING_ELSE^MDC|1.1.1.5|7|262688^MDC_DIM_PERCENT^MDC|||||R|||{at}",
            $"OBX|6|NA|150452^MDC_PULS_OXIM_PLETH^MDC|1.1.1.6|1^2^3^4|262656^MDC_DIM_DIMLESS^MDC|||||R|||{at}") + "\r";

        var ack = await SendAsync(message);

        Assert.Contains($"MSA|AA|OWN-{device}", ack, StringComparison.Ordinal);
        await AssertVitalsAsync(patient, "hr=131 spo2=93 rr=19 temp=38");
    }

    [Fact]
    public async Task A_message_with_an_OBX_dated_ahead_of_our_clock_is_refused_whole_naming_that_OBX_and_nothing_of_it_is_stored()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        var (now, ahead) = (Hl7Time(DateTimeOffset.UtcNow), Hl7Time(DateTimeOffset.UtcNow.AddHours(1)));
        var message = string.Join('\r',
            $@"MSH|^~\&|GW^{device}^EUI-64|WARD|||{now}||ORU^R01^ORU_R01|AHEAD-{device}|P|2.6",
            $"OBR|1|X^GW^{device}^EUI-64||182777000^monitoring of patient^SNOMED-CT|||{now}",
            $"OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|71|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||{now}",
            $"OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.2|95|262688^MDC_DIM_PERCENT^MDC|||||R|||{ahead}") + "\r";

        var ack = Hl7Ack.Parse(await SendAsync(message));

        Assert.Equal("AE", ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(("OBX^2^14", "102", "E"), (error.Location, error.Code, error.Severity));
        Assert.Matches(@"^OBX 2 is dated 3[56]\d\d s ahead of our clock", error.Text);

        // Nothing of it: the current heart rate in the same message was not taken either. A message sent after it is.
        var next = Hl7Messages.OneReading(device, "AFTER-" + device, "147842^MDC_ECG_HEART_RATE^MDC", 72, DateTimeOffset.UtcNow);
        Assert.Equal("AA", Hl7Ack.Parse(await SendAsync(next)).Code);
        await AssertVitalsAsync(patient, "hr=72");
        Assert.False((await _ward.GetPatientAsync(patient)).GetProperty("vitals").TryGetProperty("spo2", out _));
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) > 0 ? true : (bool?)null,
            Deadline, "the later message stored");
        Assert.Equal(1, await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient));
    }

    [Fact]
    public async Task Skin_temperature_and_unknown_codes_beside_taken_readings_are_named_in_warnings_beside_the_AA()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        var at = Hl7Time(DateTimeOffset.UtcNow);
        var message = string.Join('\r',
            $@"MSH|^~\&|GW^{device}^EUI-64|WARD|||{at}||ORU^R01^ORU_R01|SKIN-{device}|P|2.6",
            $"OBR|1|X^GW^{device}^EUI-64||182777000^monitoring of patient^SNOMED-CT|||{at}",
            "OBX|1||69837^MDC_DEV_METER_PHYSIO_MULTI_PARAM_MDS^MDC|1|||||||X",
            $"OBX|2|NM|150388^MDC_TEMP_SKIN^MDC|1.1.1.1|33.0|268192^MDC_DIM_DEGC^MDC|||||R|||{at}",
            $"OBX|3|NM|151578^MDC_TTHOR_RESP_RATE^MDC|1.1.1.2|17|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R|||{at}",
            $"OBX|4|NM|148065^MDC_ECG_V_P_C_CNT^MDC|1.1.1.3|2|/min^/min^UCUM|||||R|||{at}",
            $"OBX|5|NM|188452^MDC_TEMP_AXILLA^MDC|1.1.1.4|36.6|268192^MDC_DIM_DEGC^MDC|||||R|||{at}") + "\r";

        var ack = Hl7Ack.Parse(await SendAsync(message));

        Assert.Equal("AA", ack.Code);
        Assert.Equal(
            [("OBX^4^3", "W"), ("OBX^2^3", "W")],
            ack.Errors.Select(e => (e.Location, e.Severity)));
        Assert.Contains("skin temperature", ack.Errors[1].Text, StringComparison.Ordinal);
        await AssertVitalsAsync(patient, "rr=17 temp=36.6");
    }

    [Fact]
    public async Task Readings_measured_before_the_binding_are_not_taken_a_warning_when_others_are_and_AE_when_none_is()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        var (before, now) = (Hl7Time(DateTimeOffset.UtcNow.AddMinutes(-10)), Hl7Time(DateTimeOffset.UtcNow));
        string Message(string id, string heartRateTime, string spo2Time) => string.Join('\r',
            $@"MSH|^~\&|GW^{device}^EUI-64|WARD|||{now}||ORU^R01^ORU_R01|{id}|P|2.6",
            $"OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|66|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||{heartRateTime}",
            $"OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.1.1.2|94|262688^MDC_DIM_PERCENT^MDC|||||R|||{spo2Time}") + "\r";

        var all = Hl7Ack.Parse(await SendAsync(Message("OLD-" + device, before, before)));
        var some = Hl7Ack.Parse(await SendAsync(Message("MIXED-" + device, before, now)));

        Assert.Equal("AE", all.Code);
        Assert.Equal(("204", "E"), (Assert.Single(all.Errors).Code, all.Errors[0].Severity));
        Assert.StartsWith("All 2 readings were measured before the device was bound", all.Errors[0].Text, StringComparison.Ordinal);
        Assert.Equal("AA", some.Code);
        Assert.Equal(("204", "W"), (Assert.Single(some.Errors).Code, some.Errors[0].Severity));
        await AssertVitalsAsync(patient, "spo2=94");
        Assert.False((await _ward.GetPatientAsync(patient)).GetProperty("vitals").TryGetProperty("hr", out _));
    }

    [Fact]
    public async Task A_message_sent_again_is_acknowledged_again_and_changes_nothing()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        var first = Hl7Messages.OneReading(device, "AGAIN-1", "147842^MDC_ECG_HEART_RATE^MDC", 70, DateTimeOffset.UtcNow);

        Assert.Contains("MSA|AA|AGAIN-1", await SendAsync(first), StringComparison.Ordinal);
        var resent = first.Replace("|70|", "|150|", StringComparison.Ordinal); // same control id, other content
        Assert.Contains("MSA|AA|AGAIN-1", await SendAsync(resent), StringComparison.Ordinal);

        await AssertVitalsAsync(patient, "hr=70");
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) == 1 ? true : (bool?)null,
            Deadline, "one stored reading");
    }

    [Theory]
    [InlineData("this is not hl7", "AR")]
    [InlineData("MSH|^~\\&|GW|WARD|||20260101000000||ADT^A01^ADT_A01|ADT-1|P|2.6\rPID|||X", "AR")]
    [InlineData("MSH|^~\\&|GW^0A0B0C0D0E0F1011^EUI-64|WARD|||20260101000000||ORU^R01^ORU_R01|NO-OBX|P|2.6\rOBR|1", "AE")]
    public async Task A_message_we_cannot_use_gets_a_refusal_with_the_reason_and_the_listener_keeps_serving(string message, string code)
    {
        var ack = await SendAsync(message);

        Assert.Contains($"MSA|{code}", ack, StringComparison.Ordinal);
        Assert.Contains("\rERR|", ack, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_message_for_a_gateways_device_that_is_bound_to_no_patient_is_refused_naming_the_device()
    {
        var device = Hl7Messages.Eui64();
        await system.AllowOverMllpAsync(device);
        var ack = await SendAsync(Hl7Messages.OneReading(device, "UNKNOWN-1", "147842^MDC_ECG_HEART_RATE^MDC", 70, DateTimeOffset.UtcNow));

        Assert.Contains("MSA|AE|UNKNOWN-1", ack, StringComparison.Ordinal);
        Assert.Contains(device, ack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_bytes_before_a_frame_are_ignored_and_several_messages_share_one_connection()
    {
        var device = Hl7Messages.Eui64();
        var patient = await PatientWithDeviceAsync(device);
        await using var client = await MllpClient.ConnectAsync(system.MllpPort);

        await client.SendRawAsync(Encoding.ASCII.GetBytes("\u0001\u0002noise\r\n"));
        var first = await client.SendAsync(Hl7Messages.OneReading(device, "MANY-1", "147842^MDC_ECG_HEART_RATE^MDC", 80, DateTimeOffset.UtcNow));
        var second = await client.SendAsync(Hl7Messages.OneReading(device, "MANY-2", "150456^MDC_PULS_OXIM_SAT_O2^MDC", 96, DateTimeOffset.UtcNow));

        Assert.Contains("MSA|AA|MANY-1", first, StringComparison.Ordinal);
        Assert.Contains("MSA|AA|MANY-2", second, StringComparison.Ordinal);
        await AssertVitalsAsync(patient, "hr=80 spo2=96");
    }

    [Fact]
    public async Task A_frame_over_the_limit_and_a_client_that_sends_nothing_are_disconnected()
    {
        await using var flood = await MllpClient.ConnectAsync(system.MllpPort);
        await using var silent = await MllpClient.ConnectAsync(system.MllpPort);

        await flood.SendRawAsync([0x0B, .. new byte[70_000]]);

        Assert.Null(await flood.ReadAckOrCloseAsync(Deadline));
        Assert.Null(await silent.ReadAckOrCloseAsync(Deadline));
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var device = Hl7Messages.Eui64();
        await PatientWithDeviceAsync(device);
        var ack = await SendAsync(Hl7Messages.OneReading(device, "ALIVE-" + device, "147842^MDC_ECG_HEART_RATE^MDC", 75, DateTimeOffset.UtcNow));
        Assert.Contains("MSA|AA|", ack, StringComparison.Ordinal);
    }

    /// <summary>The message with every time (a whole HL7 field or component) set to now.</summary>
    private static string AsIfSentNow(string message) =>
        Regex.Replace(message, @"(?<=[|^])(19|20)\d{12}(\.\d{1,4})?([+-]\d{4})?(?=[|^\r\n]|$)", Hl7Time(DateTimeOffset.UtcNow), RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string Hl7Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+0000";

    private async Task<string> SendAsync(string message)
    {
        await using var client = await MllpClient.ConnectAsync(system.MllpPort);
        return await client.SendAsync(MllpClient.WithCarriageReturns(message));
    }

    private async Task AssertVitalsAsync(string patient, string expected)
    {
        var vitals = (await _ward.GetPatientAsync(patient)).GetProperty("vitals");
        foreach (var pair in expected.Split(' '))
        {
            var (code, value) = (pair.Split('=')[0], double.Parse(pair.Split('=')[1], CultureInfo.InvariantCulture));
            Assert.True(vitals.TryGetProperty(code, out var vital), $"no {code} in {vitals}");
            Assert.Equal(value, vital.GetProperty("value").GetDouble(), 1);
        }
    }

    private async Task<string> PatientWithDeviceAsync(string device)
    {
        var (_, patient, _) = await _ward.NewBedAsync(deviceId: device);
        await system.AllowOverMllpAsync(device);
        return patient;
    }
}
