namespace Monitoring.Simulator;

/// <summary>The <c>--help</c> text.</summary>
public static class UsageText
{
    public const string Value = """
        Monitoring.Simulator - plays a ward of bedside devices against the monitoring backend.

        Options:
          --api <url>             api base address; admission and binding always go here (default http://127.0.0.1:5080)
          --unit <id>             unit id; letters, digits and '-' (default icu-3w)
          --beds <n>              number of beds, one device each, 1-50000 (default 8)
          --devices <n>           same as --beds
          --scenario <list>       per-bed scenarios as bed=name entries, e.g. 3=sepsis,5=hypoxia; bed is n, n-m or all;
                                  later entries win; repeatable; beds not named are stable (default none)
          --deteriorate <beds>    comma list of beds, e.g. 3,5: the same as --scenario 3=sepsis,5=sepsis (default none)
          --ramp <seconds>        time for a sepsis bed to reach the septic picture (default 60)
          --gap <seconds>         how long a disconnect bed stays silent (default 30)
          --transport <name>      how readings travel: http (JSON batches), mllp (HL7 v2.6 ORU^R01, IHE PCD-01),
                                  websocket (JSON batches on one WebSocket per device) or gateway (JSON batches of
                                  --gateway-devices devices on one WebSocket per gateway) (default http)
          --gateway-devices <n>   devices behind each gateway for --transport gateway, 1-10000 (default 100)
          --mllp <host:port>      MLLP listener for --transport mllp; IPv6 as [::1]:2575 (default 127.0.0.1:2575)
          --adt <host:port>       admit the ward by HL7 ADT A01 over MLLP to the api's ADT listener (its locations mapped
                                  first: point of care the unit, room the bed, bed A), then transfer each patient to
                                  <unit>-sd (A02) and discharge them (A03, the monitor taken off first) (default: admit
                                  over HTTP, no ADT)
          --adt-every <seconds>   time between ADT transfers and discharges after the admissions (default 60)
          --interval <seconds>    time between batches per bed (default 1)
          --duration <seconds>    stop after this long; 0 = until Ctrl-C/SIGTERM (default 0)
          --seed <int>            seed for the vitals model and the noise (default 42)
          --noise <level>         bedside noise over every scenario: off, low (a ward bed's hour: 4 motion artefacts,
                                  1 probe-off, 3 brief SpO2 dips) or high (ten times low) (default low)
          --noise-share <percent> beds with noise, 0-100, spread evenly (50 = every second bed) (default 100)
          --queue-limit <n>       batches each device keeps unacknowledged, 1-86400; when full the oldest is dropped
                                  and counted lost (default 600: 10 minutes at 1 s)
          --setup-rate <n>        requests a second for setting up the beds (admit, bind, admission observations),
                                  1-100000; a 429 is waited out as its Retry-After asks (default 40: the api allows
                                  a person 50 a second)
          --help                  show this text

        Scenarios (times from the bed's first batch):
          stable        healthy vitals wandering around the bed's baseline
          sepsis        HR -> ~135, SpO2 -> ~86, RR -> ~28, SBP -> ~85, temp -> ~38.9 over --ramp, then stays
          hypoxia       SpO2 falls to ~82 over 30 s (HR up ~8), stays 60 s, recovers over 30 s, then stable
          bradycardia   HR falls to ~35 over 10 s and stays
          disconnect    stable, but from 20 s the device sends nothing (and drops its MLLP connection) for --gap s
          noisy         stable, but ~1 sample in 20 has SpO2 82 or HR 190 for that one reading only
                        (should not alarm: single samples are shorter than the alarm delays)

        Noise (--noise, on beds in --noise-share, over any scenario; one event at a time, counted in the summary):
          motion artefact  2-8 s of HR +25-70 and SpO2 -6-20 (never past the high-priority tiers: SpO2 80, HR 150,
                           whose alarms latch); a quarter carry one impossible HR (360-400: a sensor-fault alarm)
          probe-off        10-60 s of batches without SpO2 and pulse rate
          brief dip        SpO2 2-6 under the 90 % low limit for 3-15 s, then back: shorter than the 10 s delay
                           raises nothing, longer a short SpO2 alarm that ends by itself
          Beds with noise also send the oximeter's pulse rate (pr) beside the ECG heart rate (hr).

        Store-and-forward: every batch waits in its device's queue until acknowledged, and goes oldest first, unchanged
        (same sequence or control id, same times). HTTP 503, 429, 408, 5xx, timeouts, dropped connections and MSA|AE
        keep it for resending after 250 ms doubling to 10 s (with jitter, never before Retry-After); other 4xx and
        MSA|AR refuse it (dropped, counted by reason). A backlog is sent as fast as the api takes it.

        MLLP: one persistent TCP connection per device, one message per batch, each waiting up to 5 s for its ACK;
        MSA|AA counts as accepted, an ACK whose MSA/ERR text says duplicate as a duplicate.

        WebSocket and gateway: one connection per device (or per gateway, registered for its devices by the simulator),
        each batch waiting up to 5 s for its acknowledgement; statuses as over HTTP. A closed connection (token expired,
        api restarting) is opened again by the next batch, and what was under way is resent.

        Exit codes: 0 nothing refused or lost, 1 a batch refused or lost (or a setup step failed), 2 bad arguments.
        """;
}
