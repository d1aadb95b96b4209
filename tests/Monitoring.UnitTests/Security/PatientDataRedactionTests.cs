using System.Diagnostics;
using Monitoring.Hosting;

namespace Monitoring.UnitTests.Security;

public sealed class PatientDataRedactionTests
{
    private static readonly KeyedHashRedactor Redactor = new(new RedactionKey([.. Enumerable.Range(1, 32).Select(i => (byte)i)]));

    [Fact]
    public void A_patient_id_becomes_a_stable_token_that_does_not_contain_it()
    {
        var token = Redactor.Redact("MRN12345678");

        Assert.Matches("^#[0-9a-f]{12}$", token);
        Assert.Equal(token, Redactor.Redact("MRN12345678"));
        Assert.NotEqual(token, Redactor.Redact("MRN12345679"));
        Assert.DoesNotContain("12345678", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_key_gives_another_token_and_nothing_stays_nothing()
    {
        var other = new KeyedHashRedactor(new RedactionKey(new byte[32]));

        Assert.NotEqual(Redactor.Redact("MRN1"), other.Redact("MRN1"));
        Assert.Equal("", Redactor.Redact(""));
    }

    [Fact]
    public void Spans_lose_the_paths_and_grain_ids_that_name_patients()
    {
        using var activity = new Activity("GET /api/v1/patients/{patientId}");
        activity.SetTag("url.path", "/api/v1/patients/MRN777");
        activity.SetTag("rpc.orleans.target_id", "patient/MRN777");
        activity.SetTag("orleans.rpc.source_id", "patient/patient:MRN777");
        activity.SetTag("http.request.method", "GET");

        new RedactingActivityProcessor(Redactor).OnEnd(activity);

        Assert.Equal(Redactor.Redact("/api/v1/patients/MRN777"), activity.GetTagItem("url.path"));
        Assert.Equal(Redactor.Redact("patient/MRN777"), activity.GetTagItem("rpc.orleans.target_id"));
        Assert.Equal("GET", activity.GetTagItem("http.request.method"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value is string s && s.Contains("MRN777", StringComparison.Ordinal));
    }
}
