using Monitoring.Simulator.Noise;

namespace Monitoring.Simulator;

/// <summary>Settings for one simulator run, as given on the command line.</summary>
public sealed record SimulatorOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080/");

    public string Unit { get; init; } = "icu-3w";

    public int Beds { get; init; } = 8;

    /// <summary>Beds with a scenario other than <see cref="ScenarioKind.Stable"/>; any bed not listed is stable.</summary>
    public IReadOnlyDictionary<int, ScenarioKind> Scenarios { get; init; } = new SortedDictionary<int, ScenarioKind>();

    /// <summary>How long a septic bed takes to reach the septic picture.</summary>
    public TimeSpan Ramp { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a disconnecting device stays silent.</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to stream; <see cref="TimeSpan.Zero"/> means until stopped.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    public int Seed { get; init; } = 42;

    /// <summary>The bedside noise laid over the beds' signals (<see cref="NoiseRates"/>); on at a ward's rate by default.</summary>
    public NoiseLevel Noise { get; init; } = NoiseLevel.Low;

    /// <summary>The percentage of beds with noise, spread evenly along the ward (<see cref="Monitoring.Simulator.Noise.NoiseShare"/>).</summary>
    public int NoiseShare { get; init; } = 100;

    /// <summary>
    /// Batches each device keeps unacknowledged in its <see cref="StoreAndForwardQueue"/>; past this the oldest
    /// is dropped and counted lost.
    /// </summary>
    public int QueueLimit { get; init; } = StoreAndForwardQueue.DefaultLimit;

    public ReadingsTransport Transport { get; init; } = ReadingsTransport.Http;

    /// <summary>Devices behind each gateway when <see cref="Transport"/> is <see cref="ReadingsTransport.Gateway"/>.</summary>
    public int GatewayDevices { get; init; } = 100;

    /// <summary>
    /// Requests a second for setting up beds (admissions, bindings, nurses' entries): under the api's default
    /// limit of 50 a second per person, so a ward of thousands of beds is set up without being refused.
    /// </summary>
    public double SetupRate { get; init; } = DefaultSetupRate;

    public const double DefaultSetupRate = 40;

    /// <summary>The MLLP listener readings go to when <see cref="Transport"/> is <see cref="ReadingsTransport.Mllp"/>.</summary>
    public MllpAddress Mllp { get; init; } = MllpAddress.Default;

    /// <summary>
    /// When set, the ward is admitted by ADT A01 messages over MLLP to this listener (the api's ADT port), after its
    /// locations are mapped, and its patients are then transferred and discharged (<see cref="AdtSource"/>).
    /// </summary>
    public MllpAddress? Adt { get; init; }

    /// <summary>The time between two ADT events after the admissions.</summary>
    public TimeSpan AdtEvery { get; init; } = TimeSpan.FromSeconds(60);

    public ScenarioKind ScenarioFor(int bed) => Scenarios.TryGetValue(bed, out var kind) ? kind : ScenarioKind.Stable;
}
