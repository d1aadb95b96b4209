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
}
