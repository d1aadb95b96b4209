using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Patients;
using Orleans.Serialization;

namespace Monitoring.UnitTests.Compatibility;

/// <summary>
/// Rolling upgrades: a silo of the next release joins a cluster of this one, reads the snapshots this
/// one stored and takes calls from its silos. Orleans' format is version tolerant as long as types keep
/// their aliases and members keep their ids and types; these tests hold every release to that.
/// </summary>
/// <remarks>
/// Each release records the bytes of <see cref="WireSamples"/> (and what they hold, as JSON) under
/// <c>Compatibility/Recorded/&lt;release&gt;</c>: <c>MONITORING_RECORD_WIRE=&lt;release&gt; deploy/test.sh --filter Wire</c>.
/// Every recording of every release must still be read, into the same values.
/// </remarks>
public sealed class WireCompatibilityTests
{
    private static readonly string RecordedRoot = Path.Combine(Repository.Root, "tests", "Monitoring.UnitTests", "Compatibility", "Recorded");
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(PatientState).Assembly).AddAssembly(typeof(IPatientGrain).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string, string> Recordings()
    {
        Record();
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(RecordedRoot, "*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void What_a_release_recorded_is_read_into_the_same_values(string release, string sample)
    {
        var folder = Path.Combine(RecordedRoot, release);
        var read = Serializer.Deserialize<object?>(File.ReadAllBytes(Path.Combine(folder, sample + ".bin")));
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, sample + ".json")));

        // What the release held must all be there; members added since may hold more.
        var actual = read is null ? null : JsonNode.Parse(ToJson(read));
        foreach (var path in WireSamples.Derived.Keys.Where(k => k.StartsWith(sample + ":", StringComparison.Ordinal)).Select(k => k[(sample.Length + 3)..]))
        {
            (recorded as JsonObject)?.Remove(path);
            (actual as JsonObject)?.Remove(path);
        }

        var mismatch = FirstDifference(recorded, actual, "$");
        Assert.True(mismatch is null, $"{release}/{sample}: {mismatch}");
    }

    [Fact]
    public void Every_sample_is_recorded_in_a_release()
    {
        var recorded = Directory.EnumerateFiles(RecordedRoot, "*.bin", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        var missing = WireSamples.All.Keys.Where(name => !recorded.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"not recorded yet: {string.Join(", ", missing)} (record with MONITORING_RECORD_WIRE=<release>)");
    }

    [Fact]
    public void Every_type_stored_or_passed_in_a_grain_call_has_a_sample()
    {
        var covered = WireSamples.All.Values.Select(v => v.GetType()).SelectMany(Unwrap).ToHashSet();
        var grainInterfaces = typeof(IPatientGrain).Assembly.GetTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t));
        var passed = grainInterfaces
            .SelectMany(i => i.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .SelectMany(Unwrap);
        var stored = typeof(PatientState).Assembly.GetTypes().Where(t => t.Name.EndsWith("State", StringComparison.Ordinal) && t.GetCustomAttribute<GenerateSerializerAttribute>() is not null);
        var missing = passed.Concat(stored)
            .Where(t => t.Namespace?.StartsWith("Monitoring", StringComparison.Ordinal) == true && !covered.Contains(t) && !WireSamples.Exempt.ContainsKey(t))
            .Distinct()
            .Select(t => t.Name)
            .ToList();
        Assert.True(missing.Count == 0, $"no sample in WireSamples for: {string.Join(", ", missing)}");
    }

    /// <summary>With MONITORING_RECORD_WIRE set, records every sample for that release (once: recordings are never rewritten).</summary>
    private static void Record()
    {
        if (Environment.GetEnvironmentVariable("MONITORING_RECORD_WIRE") is not { Length: > 0 } release)
        {
            return;
        }

        var folder = Directory.CreateDirectory(Path.Combine(RecordedRoot, release)).FullName;
        foreach (var (name, value) in WireSamples.All)
        {
            var bytes = Path.Combine(folder, name + ".bin");
            if (!File.Exists(bytes))
            {
                File.WriteAllBytes(bytes, Serializer.SerializeToArray<object>(value));
                File.WriteAllText(Path.Combine(folder, name + ".json"), ToJson(value) + "\n");
            }
        }
    }

    private static string ToJson(object value) =>
        value is Exception e ? JsonSerializer.Serialize(new { Type = e.GetType().FullName, e.Message }, Json) : JsonSerializer.Serialize(value, value.GetType(), Json);

    /// <summary>The first place where <paramref name="expected"/> has something <paramref name="actual"/> lacks or differs in.</summary>
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path) => expected switch
    {
        JsonObject o => actual is JsonObject a
            ? o.Select(kv => a.ContainsKey(kv.Key) ? FirstDifference(kv.Value, a[kv.Key], $"{path}.{kv.Key}") : $"{path}.{kv.Key} is gone").FirstOrDefault(d => d is not null)
            : $"{path} is no longer an object",
        JsonArray e => actual is JsonArray a && a.Count == e.Count
            ? e.Select((item, i) => FirstDifference(item, a[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null)
            : $"{path} is no longer an array of {e.Count}",
        null => actual is null ? null : $"{path} was null, now {actual.ToJsonString()}",
        _ => JsonNode.DeepEquals(expected, actual) ? null : $"{path} was {expected.ToJsonString()}, now {actual?.ToJsonString() ?? "null"}",
    };

    /// <summary>A type and what it wraps: Task&lt;T&gt;, ImmutableArray&lt;T&gt;, T?.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || type.GetGenericTypeDefinition() == typeof(Nullable<>)))
        {
            foreach (var inner in Unwrap(type.GetGenericArguments()[0]))
            {
                yield return inner;
            }
        }
    }
}
