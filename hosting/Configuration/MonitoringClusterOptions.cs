using System.ComponentModel.DataAnnotations;

namespace Monitoring.Configuration;

/// <summary>Which cluster a silo joins. Silos and api hosts must agree on both ids.</summary>
public sealed class MonitoringClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>This deployment's cluster; a new id starts with an empty membership.</summary>
    [Required(ErrorMessage = "Cluster:ClusterId is required.")]
    public string ClusterId { get; set; } = "monitoring";

    /// <summary>The service's id; grain state and reminders are stored under it, so never change it.</summary>
    [Required(ErrorMessage = "Cluster:ServiceId is required.")]
    public string ServiceId { get; set; } = "monitoring";

    /// <summary>
    /// How long a grain call may go unanswered before it fails (api to silo and silo to silo). A
    /// request caught on a silo that died fails after this and is answered 503, so the device resends;
    /// Orleans' own default is 30 s, too long for a bedside device to wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Cluster:ResponseTimeout must be between 1 s and 5 min.")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
