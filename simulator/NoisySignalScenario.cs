namespace Monitoring.Simulator;

/// <summary>
/// Stable vitals with motion and probe artefacts: about one sample in <see cref="SamplesPerArtefact"/> has SpO2
/// at <see cref="ArtefactSpO2"/> or heart rate at <see cref="ArtefactHeartRate"/>, for exactly that one reading.
/// The artefacts are beyond the alarm limits but physiologically possible, so only the alarm delays
/// (HR 5 s, SpO2 10 s) keep them from alarming; two artefacts are never adjacent. The SpO2 artefact stays above the
/// 80 % desaturation tier, which alarms at once (and latches): under it, one sample would raise a high alarm.
/// </summary>
public sealed class NoisySignalScenario : BedScenario
{
    public const int SamplesPerArtefact = 20;
    public const int ArtefactSpO2 = 82;
    public const int ArtefactHeartRate = 190;

    private bool _previousWasArtefact;

    public override ScenarioKind Kind => ScenarioKind.Noisy;

    public override VitalSignsSnapshot Disturb(VitalSignsSnapshot sample, Random random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        if (_previousWasArtefact || random.Next(SamplesPerArtefact) != 0)
        {
            _previousWasArtefact = false;
            return sample;
        }

        _previousWasArtefact = true;
        return random.Next(2) == 0
            ? sample with { SpO2 = ArtefactSpO2 }
            : sample with { HeartRate = ArtefactHeartRate };
    }
}
