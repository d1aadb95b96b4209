using Monitoring.Alarms;

namespace Monitoring.UnitTests.Alarms;

public sealed class AlarmIdsTests
{
    [Theory]
    [InlineData("p-001", 7)]
    [InlineData("ward:12.a_b", 123456789)]
    public void An_alarm_id_names_its_patient(string patientId, long number) =>
        Assert.Equal(patientId, AlarmIds.PatientOf(AlarmIds.Create(patientId, number)));

    [Theory]
    [InlineData("p-001")]
    [InlineData("~5")]
    [InlineData("p-001~")]
    [InlineData("p-001~x")]
    [InlineData("bad id~5")]
    public void An_id_that_is_not_ours_names_no_patient(string alarmId) => Assert.Null(AlarmIds.PatientOf(alarmId));
}
