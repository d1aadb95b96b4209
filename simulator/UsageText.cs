namespace Monitoring.Simulator;

/// <summary>The <c>--help</c> text.</summary>
public static class UsageText
{
    public const string Value = """
        Monitoring.Simulator - plays a ward of bedside devices against the monitoring api.

        Options:
          --api <url>             api base address (default http://127.0.0.1:5080)
          --unit <id>             unit id; letters, digits and '-' (default icu-3w)
          --beds <n>              number of beds, 1-999 (default 8)
          --deteriorate <beds>    comma list of beds that drift towards sepsis/hypoxia, e.g. 3,5 (default none)
          --ramp <seconds>        time for a deteriorating bed to reach the septic picture (default 60)
          --interval <seconds>    time between batches per bed (default 1)
          --duration <seconds>    stop after this long; 0 = until Ctrl-C/SIGTERM (default 0)
          --seed <int>            seed for the vitals model (default 42)
          --help                  show this text

        Exit codes: 0 every batch delivered, 1 a batch or a setup step failed, 2 bad arguments.
        """;
}
