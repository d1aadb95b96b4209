namespace Monitoring.Simulator;

/// <summary>What happens to one bed's patient or device during a run.</summary>
public enum ScenarioKind
{
    /// <summary>Healthy vitals wandering around the baseline.</summary>
    Stable,

    /// <summary>Septic decline over <c>--ramp</c>: tachycardia, hypoxia, tachypnoea, hypotension, fever.</summary>
    Sepsis,

    /// <summary>A desaturation episode: SpO2 falls to about 82 %, stays there, then recovers.</summary>
    Hypoxia,

    /// <summary>Heart rate drops to about 35/min and stays there.</summary>
    Bradycardia,

    /// <summary>The device goes silent for <c>--gap</c> seconds, then resumes.</summary>
    Disconnect,

    /// <summary>Stable vitals with frequent single-sample SpO2 and heart-rate artefacts.</summary>
    Noisy,
}
