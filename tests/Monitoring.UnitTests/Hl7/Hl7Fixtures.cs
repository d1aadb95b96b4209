using Monitoring.Hl7;

namespace Monitoring.UnitTests.Hl7;

/// <summary>
/// The HL7 files tests read: the project's own (copied to the output as Fixtures/hl7) and the outside ones
/// in ../shared/fixtures/hl7 beside the repository, which may not be there.
/// </summary>
internal static class Hl7Fixtures
{
    public static readonly TimeSpan AssumedOffset = TimeSpan.FromHours(2);

    /// <summary>The clock the tests' messages are read at: after every time in them, so that none is ahead of it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    public static string OwnFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hl7");

    /// <summary>The shared HL7 folder, or null when it is not beside the repository.</summary>
    public static string? SharedFolder { get; } = Repository.SharedFixtures("hl7");

    public static string MissingSharedReason =>
        "The shared fixtures are not here: no ../shared/fixtures/hl7 beside the folder holding Monitoring.slnx, "
        + $"looking up from {AppContext.BaseDirectory}.";

    public static IReadOnlyList<string> SharedFileNames { get; } = SharedFolder is null ? [] : Names(SharedFolder);

    public static TheoryData<string> OwnFiles => [.. Names(OwnFolder)];

    public static TheoryData<string> SharedFiles => [.. SharedFileNames];

    public static string ReadOwn(string name) => File.ReadAllText(Path.Combine(OwnFolder, name));

    public static string ReadShared(string name) =>
        File.ReadAllText(Path.Combine(SharedFolder ?? throw new InvalidOperationException(MissingSharedReason), name));

    public static Hl7Message Parse(string text)
    {
        var result = Hl7Message.Parse(text);
        Assert.True(result.Succeeded, result.Error);
        return result.Message;
    }

    public static OruR01Result Read(string text) => Read(Parse(text));

    /// <summary>Reads at <see cref="Now"/>, times without a zone at <see cref="AssumedOffset"/>.</summary>
    public static OruR01Result Read(Hl7Message message) => OruR01Reader.Read(message, AssumedTimeZone.FixedOffset(AssumedOffset), Now);

    private static string[] Names(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.hl7").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
}
