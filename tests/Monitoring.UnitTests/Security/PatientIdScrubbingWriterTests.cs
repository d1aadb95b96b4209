using Monitoring.Hosting;

namespace Monitoring.UnitTests.Security;

public sealed class PatientIdScrubbingWriterTests
{
    private static readonly KeyedHashRedactor Redactor = new(new RedactionKey(new byte[32]));

    [Theory]
    [InlineData("Error writing grain state: GrainType=patient GrainId=patient:p-576ea9d6da03 ETag=2.")]
    [InlineData("Turn took 00:00:01.2 for [Activation: S127.0.0.1:35867:1/patient/patient:p-576ea9d6da03@2d8c Placement=Random]")]
    [InlineData("{\"Message\":\"Request failed\",\"Path\":\"/api/v1/patients/p-576ea9d6da03/alarms\"}")]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:5080/fhir/Observation?patient=p-576ea9d6da03&code=8867-4 - - -")]
    [InlineData("Request finished HTTP/1.1 GET /fhir/Observation?_count=50&subject=Patient/p-576ea9d6da03 - 200")]
    [InlineData("GET /fhir/Observation?subject:Patient=p-576ea9d6da03&date=ge2026-12-01")]
    [InlineData("GET /fhir/Observation?patient=Patient%2Fp-576ea9d6da03&_sort=-date")]
    [InlineData("Bundle entry refused: {\"subject\":{\"reference\":\"Patient/p-576ea9d6da03\"}}")]
    public void A_patient_id_written_by_a_library_reaches_the_console_as_its_keyed_hash(string line)
    {
        var console = new StringWriter();
        using var writer = new PatientIdScrubbingWriter(console, Redactor);

        writer.WriteLine(line);

        Assert.DoesNotContain("p-576ea9d6da03", console.ToString(), StringComparison.Ordinal);
        Assert.Contains(Redactor.Redact("p-576ea9d6da03"), console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_without_a_patient_id_are_left_as_they_are()
    {
        var console = new StringWriter();
        using var writer = new PatientIdScrubbingWriter(console, Redactor);
        const string line = "{\"Message\":\"Patient #3f9a0c1d22b7 admitted to unit icu-3w\",\"PatientId\":\"#3f9a0c1d22b7\"} device:dev-1 patient: none";

        writer.Write(line);

        Assert.Equal(line, console.ToString());
    }
}
