using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Monitoring.IntegrationTests.Infrastructure;
using Monitoring.Tests.Shared.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.IntegrationTests.EndToEnd;

/// <summary>
/// The FHIR R4 surface as an EHR uses it, with the Firely SDK's FhirClient: the CapabilityStatement, search by each
/// parameter, $lastn, reads by id, unknown parameters reported or refused, and a nurse of another unit refused
/// (and audited). A patient's few readings are posted by her monitor, as they would be.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class FhirSurfaceTests(RunningSystem system)
{
    private static readonly OfflineFhirValidator Validator = new();
    private readonly WardClient _ward = new(system.Http);

    [Fact]
    public async Task The_CapabilityStatement_lists_exactly_the_interactions_parameters_and_operation_that_work()
    {
        using var ehr = new EhrClient(system, system.Tokens.Staff);
        using var strict = new EhrClient(system, system.Tokens.Staff, strict: true);
        var (_, patient, _) = await BedWithReadingsAsync();

        var capabilities = await ehr.Fhir.CapabilityStatementAsync();

        Assert.Equal(FHIRVersion.N4_0_1, capabilities!.FhirVersion);
        Assert.Equal(CapabilityStatementKind.Instance, capabilities.Kind);
        var resources = capabilities.Rest.Single().Resource.ToDictionary(r => r.Type!);
        Assert.Equal(["Device", "Observation", "Patient"], resources.Keys.Order());
        Assert.Equal(["create", "read", "search-type"], Interactions(resources["Observation"]));
        Assert.Equal(["read"], Interactions(resources["Patient"]));
        Assert.Equal(["read"], Interactions(resources["Device"]));
        Assert.Equal("lastn", resources["Observation"].Operation.Single().Name);
        var parameters = resources["Observation"].SearchParam.Select(p => p.Name).Order().ToList();
        Assert.Equal(["category", "code", "date", "patient", "subject"], parameters);

        // Every parameter listed is taken, even under strict handling; one not listed is refused there.
        foreach (var parameter in resources["Observation"].SearchParam)
        {
            var value = parameter.Name switch
            {
                "patient" => patient,
                "subject" => $"Patient/{patient}",
                "code" => "8867-4",
                "category" => "vital-signs",
                _ => "ge2020-01-01",
            };
            var bundle = await strict.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).Add(parameter.Name!, value));
            Assert.NotEmpty(bundle!.Entry);
            Assert.Contains($"{parameter.Name}=", bundle.SelfLink!.Query, StringComparison.Ordinal);
        }

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => strict.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).Add("value-quantity", "gt100")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        // No interaction beyond those: a Patient search, another resource type.
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.GetAsync(new Uri($"/fhir/Patient?identifier={patient}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.GetAsync(new Uri("/fhir/Encounter/x", UriKind.Relative))).StatusCode);
        // The CapabilityStatement itself is valid R4.
        Assert.Empty(Validator.Errors(capabilities, _ => { }));
    }

    [Fact]
    public async Task Each_search_parameter_narrows_a_patients_observations_as_FHIR_says()
    {
        var (_, patient, t0) = await BedWithReadingsAsync();
        using var ehr = new EhrClient(system, system.Tokens.Staff);
        string Second(int s) => t0.AddSeconds(s).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

        async Task<List<string>> CodesAsync(params (string Name, string Value)[] search)
        {
            var q = new SearchParams().Add("patient", patient);
            foreach (var (name, value) in search)
            {
                q.Add(name, value);
            }

            var bundle = await ehr.Fhir.SearchAsync<Observation>(q);
            return bundle!.Entry.Select(e => Code(e) + "@" + Offset(e, t0)).ToList();
        }

        // t0: hr and SpO2; t0+1 s: hr, blood pressure (a panel) and its mean; t0+2 s: hr and temperature.
        var everything = new[] { "8867-4@0", "2708-6@0", "8867-4@1", "85354-9@1", "8478-0@1", "8867-4@2", "8310-5@2" };
        Assert.Equal(everything.Order(), (await CodesAsync()).Order());
        Assert.Equal(everything.Order(), (await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("subject", $"Patient/{patient}")))!.Entry.Select(e => Code(e) + "@" + Offset(e, t0)).Order());
        Assert.Equal(["8867-4@0", "8867-4@1", "8867-4@2"], await CodesAsync(("code", "8867-4")));
        Assert.Equal(["85354-9@1"], await CodesAsync(("code", "http://loinc.org|85354-9")));
        Assert.Empty(await CodesAsync(("code", "8480-6"))); // a component, not an Observation's code
        Assert.Equal(["8867-4@0", "8867-4@1", "8867-4@2", "8310-5@2"], await CodesAsync(("code", "8867-4,8310-5")));
        Assert.Equal(7, (await CodesAsync(("category", "vital-signs"))).Count);
        Assert.Empty(await CodesAsync(("category", "laboratory")));
        Assert.Equal(["8867-4@1"], await CodesAsync(("code", "8867-4"), ("date", Second(1))));
        Assert.Equal(["8867-4@1", "8867-4@2"], await CodesAsync(("code", "8867-4"), ("date", "ge" + Second(1))));
        Assert.Equal(["8867-4@2"], await CodesAsync(("code", "8867-4"), ("date", "gt" + Second(1))));
        Assert.Equal(["8867-4@0", "8867-4@1"], await CodesAsync(("code", "8867-4"), ("date", "le" + Second(1))));
        Assert.Equal(["8867-4@0"], await CodesAsync(("code", "8867-4"), ("date", "lt" + Second(1))));
        Assert.Equal(["8867-4@1"], await CodesAsync(("code", "8867-4"), ("date", "ge" + Second(1)), ("date", "lt" + Second(2))));
        Assert.Equal(["8867-4@2", "8867-4@1", "8867-4@0"], await CodesAsync(("code", "8867-4"), ("_sort", "-date")));

        var panel = (Observation)(await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).Add("code", "85354-9")))!.Entry.Single().Resource!;
        Assert.Equal([("8480-6", 120m), ("8462-4", 80m)], panel.Component.Select(c => (c.Code!.Coding[0].Code, ((Quantity)c.Value!).Value!.Value)));
        var bundle = await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).LimitTo(20));
        Assert.Empty(Validator.Errors(bundle!, _ => { }));
    }

    [Fact]
    public async Task Lastn_gives_the_newest_observations_of_each_code()
    {
        var (_, patient, t0) = await BedWithReadingsAsync();
        using var ehr = new EhrClient(system, system.Tokens.Staff);

        var bundle = (Bundle)(await ehr.Fhir.TypeOperationAsync<Observation>("lastn", new Parameters().Add("patient", new FhirString(patient)).Add("category", new FhirString("vital-signs")).Add("max", new Integer(2)), useGet: true))!;

        var newest = bundle.Entry.Select(e => Code(e) + "@" + Offset(e, t0)).ToList();
        Assert.Equal(["8867-4@2", "8867-4@1", "2708-6@0", "8310-5@2", "85354-9@1", "8478-0@1"], newest);
    }

    [Fact]
    public async Task Reads_by_id_give_what_the_search_gave_and_the_patient_and_device_without_demographics()
    {
        var (unit, patient, _) = await BedWithReadingsAsync();
        var device = await DeviceOfAsync(patient);
        using var ehr = new EhrClient(system, system.Tokens.Staff);
        var serializer = new FhirJsonSerializer();

        var bundle = await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient));
        foreach (var entry in bundle!.Entry)
        {
            var read = await ehr.Fhir.ReadAsync<Observation>(entry.FullUrl!);
            Assert.Equal(serializer.SerializeToString(entry.Resource!), serializer.SerializeToString(read!));
            Assert.DoesNotContain(patient, read!.Id!, StringComparison.Ordinal);
        }

        var person = await ehr.Fhir.ReadAsync<Patient>($"Patient/{patient}");
        Assert.Equal(patient, person!.Identifier.Single().Value);
        Assert.Empty(person.Name);
        Assert.Null(person.BirthDate);
        Assert.Null(person.Gender);
        var bed = Assert.IsType<Location>(Assert.Single(person.Contained));
        Assert.Equal($"unit {unit}, bed 3", bed.Name);
        Assert.Equal("#bed", ((ResourceReference)person.Extension.Single().Value!).Reference);
        Assert.Empty(Validator.Errors(person, _ => { }));

        var monitor = await ehr.Fhir.ReadAsync<Device>($"Device/{device}");
        Assert.Equal((device, Device.FHIRDeviceStatus.Active, $"Patient/{patient}"), (monitor!.Identifier.Single().Value, monitor.Status, monitor.Patient!.Reference));
        Assert.Empty(Validator.Errors(monitor, _ => { }));

        var unknown = await Assert.ThrowsAsync<FhirOperationException>(() => ehr.Fhir.ReadAsync<Observation>("Observation/AQ" + new string('A', 45)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task A_nurse_of_another_unit_is_refused_every_read_of_the_patient_and_each_refusal_is_audited()
    {
        var (_, patient, _) = await BedWithReadingsAsync();
        var device = await DeviceOfAsync(patient);
        using var own = new EhrClient(system, system.Tokens.Staff);
        var observation = (await own.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient)))!.Entry[0].FullUrl!;
        var nurse = WardClient.NewId("nurse");
        using var stranger = new EhrClient(system, system.Tokens.For(nurse, ["nurse"], WardClient.NewId("unit")));

        var attempts = new Func<Task>[]
        {
            () => stranger.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient)),
            () => stranger.Fhir.ReadAsync<Observation>(observation),
            () => stranger.Fhir.ReadAsync<Patient>($"Patient/{patient}"),
            () => stranger.Fhir.TypeOperationAsync<Observation>("lastn", new Parameters().Add("patient", new FhirString(patient)), useGet: true),
        };
        foreach (var attempt in attempts)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<FhirOperationException>(attempt)).Status);
        }

        // The device is no secret; the patient it monitors is, to her.
        Assert.Null((await stranger.Fhir.ReadAsync<Device>($"Device/{device}"))!.Patient);
        var denied = await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from audit_events where subject = $1 and resource = $2 and outcome = 'denied'", nurse, $"patient/{patient}") is var n && n == attempts.Length ? n : (long?)null,
            TimeSpan.FromSeconds(10), "the refusals in the audit trail");
        Assert.Equal(attempts.Length, denied);
        Assert.True(await system.Database.ScalarAsync<long>("select count(*) from audit_events where subject = $1 and resource = $2 and outcome = 'success'", TestTokens.StaffSubject, $"patient/{patient}") > 0);
    }

    [Fact]
    public async Task An_unknown_parameter_is_ignored_and_reported_or_refused_under_strict_handling()
    {
        var (_, patient, _) = await BedWithReadingsAsync();
        using var lenient = new EhrClient(system, system.Tokens.Staff);
        using var strict = new EhrClient(system, system.Tokens.Staff, strict: true);
        var search = new SearchParams().Add("patient", patient).Add("value-quantity", "gt100").Add("code", "8867-4");

        var bundle = await lenient.Fhir.SearchAsync<Observation>(search);

        Assert.Equal(3, bundle!.Entry.Count(e => e.Search!.Mode == Bundle.SearchEntryMode.Match));
        var outcome = (OperationOutcome)bundle.Entry.Single(e => e.Search!.Mode == Bundle.SearchEntryMode.Outcome).Resource!;
        Assert.Contains("value-quantity", outcome.Issue.Single().Diagnostics!, StringComparison.Ordinal);
        Assert.DoesNotContain("value-quantity", bundle.SelfLink!.Query, StringComparison.Ordinal);
        Assert.Contains("code=8867-4", bundle.SelfLink.Query, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => strict.Fhir.SearchAsync<Observation>(search));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("value-quantity", refused.Outcome!.Issue.Single().Expression.Single());

        // A value a known parameter cannot take is refused whatever the handling, naming it.
        var badDate = await Assert.ThrowsAsync<FhirOperationException>(() => lenient.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).Add("date", "sa2026-01-01")));
        Assert.Equal(("date", HttpStatusCode.BadRequest), (badDate.Outcome!.Issue.Single().Expression.Single(), badDate.Status));
    }

    [Fact]
    public async Task A_next_link_changed_by_hand_reads_nothing_the_caller_may_not_read()
    {
        var (_, patient, _) = await BedWithReadingsAsync();
        var (_, other, _) = await BedWithReadingsAsync();
        var nurse = WardClient.NewId("nurse");
        var unit = await system.Database.ScalarAsync<string>("select unit_id from patients where patient_id = $1", patient);
        using var ehr = new EhrClient(system, system.Tokens.For(nurse, ["nurse"], unit));

        var page = await ehr.Fhir.SearchAsync<Observation>(new SearchParams().Add("patient", patient).LimitTo(2));
        var next = page!.NextLink!;
        Assert.DoesNotContain(patient, next.Query.Replace($"patient={patient}", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The same cursor on another unit's patient: refused, as that patient's search is.
        var moved = await Assert.ThrowsAsync<FhirOperationException>(() => ehr.Fhir.GetAsync(next.AbsoluteUri.Replace($"patient={patient}", $"patient={other}", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, moved.Status);
        // A cursor that is not one the server gave: 400 naming it.
        var forged = await Assert.ThrowsAsync<FhirOperationException>(() => ehr.Fhir.GetAsync(System.Text.RegularExpressions.Regex.Replace(next.AbsoluteUri, "_cursor=[^&]+", "_cursor=forged")));
        Assert.Equal(("_cursor", HttpStatusCode.BadRequest), (forged.Outcome!.Issue.Single().Expression.Single(), forged.Status));
        // The link as given works, and goes on where the first page ended.
        var second = (Bundle)(await ehr.Fhir.GetAsync(next.AbsoluteUri))!;
        Assert.Equal(2, second.Entry.Count);
        Assert.Empty(second.Entry.Select(e => e.Resource!.Id).Intersect(page.Entry.Select(e => e.Resource!.Id)));
    }

    /// <summary>
    /// An admitted patient (bed 3) whose monitor sent: at t0 hr 70 and SpO2 97; at t0+1 s hr 71, a blood pressure
    /// 120/80 and its mean 93; at t0+2 s hr 72 and temperature 37.2. Answers once all are stored.
    /// </summary>
    private async Task<(string Unit, string Patient, DateTimeOffset T0)> BedWithReadingsAsync()
    {
        var (unit, patient, device) = await _ward.NewBedAsync("3");
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 1, t0, ("hr", 70), ("spo2", 97))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 2, t0.AddSeconds(1), ("hr", 71), ("sbp", 120), ("dbp", 80), ("map", 93))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _ward.PostReadingsAsync(device, 3, t0.AddSeconds(2), ("hr", 72), ("temp", 37.2))).StatusCode);
        await Poll.UntilAsync(
            async () => await system.Database.ScalarAsync<long>("select count(*) from vitals_readings where patient_id = $1", patient) == 8 ? true : (bool?)null,
            TimeSpan.FromSeconds(15), "the eight readings stored");
        return (unit, patient, t0);
    }

    private async Task<string> DeviceOfAsync(string patient) =>
        await system.Database.ScalarAsync<string>("select device_id from device_bindings where patient_id = $1 and unbound_at is null", patient);

    private static string[] Interactions(CapabilityStatement.ResourceComponent resource) =>
        [.. resource.Interaction.Select(i => i.CodeElement!.JsonValue!.ToString()!).Order()];

    private static string Code(Bundle.EntryComponent entry) => ((Observation)entry.Resource!).Code!.Coding[0].Code!;

    private static string Offset(Bundle.EntryComponent entry, DateTimeOffset t0) =>
        ((FhirDateTime)((Observation)entry.Resource!).Effective!).ToDateTimeOffset(TimeSpan.Zero).Subtract(t0).TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
