using System.ComponentModel.DataAnnotations;

namespace Monitoring.AlarmManager;

/// <summary>
/// The hospital's alarm communication manager (nurse call, pagers, phones), reached over MLLP with IHE
/// PCD-04 Report Alert (<c>ORU^R40</c>). Off while <see cref="Host"/> is empty: nothing is queued for it.
/// </summary>
public sealed class AlarmManagerOptions
{
    public const string Section = "AlarmManager";

    /// <summary>The manager's MLLP listener: a host name or address; empty turns the link off.</summary>
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "AlarmManager:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 2577;

    /// <summary>MSH-3 of what we send: our application's name as the manager knows it.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AlarmManager:SendingApplication must not be empty.")]
    [RegularExpression(@"^[^|^~\\&\r\n]{1,64}$", ErrorMessage = "AlarmManager:SendingApplication must be 1 to 64 characters without HL7 delimiters.")]
    public string SendingApplication { get; set; } = "WARD-MONITOR";

    /// <summary>MSH-5: the manager's application name.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "AlarmManager:ReceivingApplication must not be empty.")]
    [RegularExpression(@"^[^|^~\\&\r\n]{1,64}$", ErrorMessage = "AlarmManager:ReceivingApplication must be 1 to 64 characters without HL7 delimiters.")]
    public string ReceivingApplication { get; set; } = "ACM";

    /// <summary>How long one attempt waits for the manager's ACK before the connection is dropped and the message sent again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "AlarmManager:AckTimeout must be between 100 ms and 1 min.")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An alarm that escalates under its unit's policy, raised (or re-alarmed) this long ago and not reported
    /// delivered by the manager (PCD-05), goes to the next escalation level at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "AlarmManager:DeliveryDeadline must be between 1 s and 1 h.")]
    public TimeSpan DeliveryDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <see cref="DeliveryDeadline"/> applies: off for a manager that sends no PCD-05 (it is optional in
    /// the IHE profile), which would otherwise have every escalating alarm go to on-call after the deadline.
    /// </summary>
    public bool EscalateWhenUndelivered { get; set; } = true;

    /// <summary>A message the manager answers AE or CE (an error it may get over) is sent again, up to this many times in all.</summary>
    [Range(1, 100, ErrorMessage = "AlarmManager:ErrorAttempts must be between 1 and 100.")]
    public int ErrorAttempts { get; set; } = 3;

    /// <summary>How often the queue is looked at when it was found empty.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "AlarmManager:PollInterval must be between 50 ms and 10 s.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Answered rows are removed from the queue this long after (the alarm history keeps every transition).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00", ErrorMessage = "AlarmManager:KeepSentFor must be between 1 h and 90 days.")]
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(7);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
