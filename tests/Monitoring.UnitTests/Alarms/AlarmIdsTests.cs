using System.Security.Cryptography;
using Monitoring.Alarms;

namespace Monitoring.UnitTests.Alarms;

public sealed class AlarmIdsTests
{
    private static readonly AlarmIdCodec Sealed = AlarmIdCodec.Sealed(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData("p-001", 7)]
    [InlineData("ward:12.a_b", 123456789)]
    public void An_alarm_id_finds_its_patient_without_naming_them(string patientId, long number)
    {
        var alarmId = Sealed.Create(patientId, number);

        Assert.Equal(patientId, Sealed.PatientOf(alarmId));
        Assert.DoesNotContain(patientId, alarmId, StringComparison.Ordinal);
        Assert.StartsWith("a1.", alarmId, StringComparison.Ordinal);
        Assert.NotEqual(alarmId, Sealed.Create(patientId, number)); // nothing to compare ids by, either
    }

    [Fact]
    public void An_id_made_before_ids_were_sealed_still_finds_its_patient()
    {
        var old = AlarmIdCodec.Clear.Create("p-001", 7);

        Assert.Equal("p-001~7", old);
        Assert.Equal("p-001", Sealed.PatientOf(old));
    }

    [Fact]
    public void An_id_sealed_with_another_key_or_altered_by_one_character_finds_no_patient()
    {
        var other = AlarmIdCodec.Sealed(RandomNumberGenerator.GetBytes(32)).Create("p-001", 7);
        var ours = Sealed.Create("p-001", 7);
        var altered = ours[..^2] + (ours[^2] == 'A' ? 'B' : 'A') + ours[^1];

        Assert.Null(Sealed.PatientOf(other));
        Assert.Null(Sealed.PatientOf(altered));
        Assert.Null(Sealed.PatientOf("a1.not-base64!"));
        Assert.Null(AlarmIdCodec.Clear.PatientOf(ours)); // a process without the key cannot open it
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => AlarmIdCodec.Sealed(new byte[16]));

    [Theory]
    [InlineData("p-001")]
    [InlineData("~5")]
    [InlineData("p-001~")]
    [InlineData("p-001~x")]
    [InlineData("bad id~5")]
    public void An_id_that_is_not_ours_names_no_patient(string alarmId) => Assert.Null(Sealed.PatientOf(alarmId));
}
