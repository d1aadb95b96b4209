using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Alarms;
using Monitoring.Patients;
using Monitoring.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Monitoring.UnitTests.Storage;

/// <summary>
/// A patient's snapshot written when an outage cut the connection after PostgreSQL had committed it: its
/// answer lost, the next write meets the version it made. The writer recognises its own snapshot and goes on
/// (the device is not refused for it); a snapshot someone else wrote is still a conflict.
/// </summary>
public sealed class SnapshotWriterTests
{
    private static readonly IServiceProvider Serialization = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(PatientState).Assembly))
        .BuildServiceProvider();

    private readonly VersionedStorage _storage = new();
    private readonly DatabaseOutage _outage = new(TimeProvider.System, NullLogger<DatabaseOutage>.Instance);
    private readonly SnapshotWriter<PatientState> _writer;

    public SnapshotWriterTests()
    {
        var outage = _outage;
        _writer = new SnapshotWriter<PatientState>(
            _storage, "state", GrainId.Create("patient", "p-1"), etag: null,
            Serialization.GetRequiredService<DeepCopier<PatientState>>(), Serialization.GetRequiredService<Serializer<PatientState>>(),
            new BoundedWrite("patient_snapshot", outage, TimeSpan.FromSeconds(5), TimeProvider.System));
    }

    [Fact]
    public async Task A_snapshot_stored_whose_answer_was_lost_is_recognised_and_the_next_write_goes_on_from_it()
    {
        await _writer.SaveAsync(State("icu-3w", "1"));
        _storage.LoseNextAnswer = true;
        await Assert.ThrowsAsync<IOException>(() => _writer.SaveAsync(State("icu-3w", "2")));
        _outage.ReportSuccess(DateTimeOffset.UtcNow); // the probe finds the database again

        await _writer.SaveAsync(State("icu-3w", "3"));

        Assert.Equal(("3", 3), (_storage.Stored!.Bed, _storage.Version));
    }

    [Fact]
    public async Task A_snapshot_someone_else_wrote_meanwhile_is_still_a_conflict()
    {
        await _writer.SaveAsync(State("icu-3w", "1"));
        _storage.LoseNextAnswer = true;
        await Assert.ThrowsAsync<IOException>(() => _writer.SaveAsync(State("icu-3w", "2")));
        _outage.ReportSuccess(DateTimeOffset.UtcNow); // the probe finds the database again
        _storage.WriteAsAnother(State("ward-5", "9")); // another activation, after a split in the cluster

        await Assert.ThrowsAsync<InconsistentStateException>(() => _writer.SaveAsync(State("icu-3w", "3")));

        Assert.Equal("9", _storage.Stored!.Bed);
    }

    [Fact]
    public async Task A_write_that_never_reached_the_database_is_simply_made_again()
    {
        await _writer.SaveAsync(State("icu-3w", "1"));
        _storage.FailNextBeforeStoring = true;
        await Assert.ThrowsAsync<IOException>(() => _writer.SaveAsync(State("icu-3w", "2")));
        _outage.ReportSuccess(DateTimeOffset.UtcNow); // the probe finds the database again

        await _writer.SaveAsync(State("icu-3w", "3"));

        Assert.Equal(("3", 2), (_storage.Stored!.Bed, _storage.Version));
    }

    private static PatientState State(string unit, string bed) => new() { UnitId = unit, Bed = bed, Alarms = new AlarmBook() };

    /// <summary>One grain's row, versioned as Orleans' ADO.NET storage keeps it: a write names the version it read.</summary>
    private sealed class VersionedStorage : IGrainStorage
    {
        private byte[]? _payload;

        public int Version { get; private set; }

        public bool LoseNextAnswer { get; set; }

        public bool FailNextBeforeStoring { get; set; }

        public PatientState? Stored => _payload is null ? null : Serialization.GetRequiredService<Serializer<PatientState>>().Deserialize(_payload);

        public void WriteAsAnother(PatientState state) => Store(state);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (_payload is not null)
            {
                grainState.State = Serialization.GetRequiredService<Serializer<T>>().Deserialize(_payload);
                grainState.ETag = Version.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (FailNextBeforeStoring)
            {
                FailNextBeforeStoring = false;
                throw new IOException("connection reset before the write reached the database");
            }

            var expected = _payload is null ? null : Version.ToString(CultureInfo.InvariantCulture);
            if (grainState.ETag != expected)
            {
                throw new InconsistentStateException($"version {grainState.ETag} written, {expected} stored", expected, grainState.ETag);
            }

            Store((PatientState)(object)grainState.State!);
            if (LoseNextAnswer)
            {
                LoseNextAnswer = false;
                throw new IOException("connection reset after the commit");
            }

            grainState.ETag = Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();

        private void Store(PatientState state)
        {
            _payload = Serialization.GetRequiredService<Serializer<PatientState>>().SerializeToArray(state);
            Version++;
        }
    }
}
