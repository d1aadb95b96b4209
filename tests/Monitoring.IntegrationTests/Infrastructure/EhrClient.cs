using Hl7.Fhir.Rest;

namespace Monitoring.IntegrationTests.Infrastructure;

/// <summary>
/// The Firely SDK's <see cref="FhirClient"/> pointed at the running api's <c>/fhir</c>, signed in with a bearer
/// token, as an EHR's interface engine would hold it.
/// </summary>
public sealed class EhrClient : IDisposable
{
    private readonly HttpClient _http;

    public EhrClient(RunningSystem system, string token, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(system);
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = TestTokens.Bearer(token);
        BaseUrl = new Uri(system.ApiUrl, "/fhir").AbsoluteUri;
        Fhir = new FhirClient(BaseUrl, _http, new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            PreferredParameterHandling = strict ? SearchParameterHandling.Strict : null,
        });
    }

    /// <summary>The FHIR base, e.g. <c>http://127.0.0.1:5123/fhir</c>.</summary>
    public string BaseUrl { get; }

    public FhirClient Fhir { get; }

    public void Dispose()
    {
        Fhir.Dispose();
        _http.Dispose();
    }
}
