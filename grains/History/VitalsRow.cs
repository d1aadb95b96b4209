namespace Monitoring.History;

/// <summary>
/// One row of the vitals history: the readings of one batch (a device's batch, an HL7 message, a nurse's
/// entry) from one source, as parallel arrays. <see cref="BatchId"/> is a digest of the readings, so the
/// same batch written twice has the same key and is stored once.
/// </summary>
/// <param name="Codes">Each reading's sign, by our short code.</param>
/// <param name="Values">Each reading's value, in its sign's unit.</param>
/// <param name="OffsetsMicroseconds">Each reading's time after <paramref name="MeasuredFrom"/>; null when all were measured then.</param>
/// <param name="Plausible">Whether each reading is plausible; null when all are.</param>
public sealed record VitalsRow(
    string PatientId,
    string Source,
    DateTimeOffset MeasuredFrom,
    long BatchId,
    DateTimeOffset MeasuredTo,
    DateTimeOffset ReceivedAt,
    string[] Codes,
    double[] Values,
    int[]? OffsetsMicroseconds,
    bool[]? Plausible)
{
    /// <summary>The readings in the row.</summary>
    public int Readings => Codes.Length;

    /// <summary>What makes the row itself: a second row with the same key is the same batch.</summary>
    public (string PatientId, DateTimeOffset MeasuredFrom, string Source, long BatchId) Key => (PatientId, MeasuredFrom, Source, BatchId);
}
