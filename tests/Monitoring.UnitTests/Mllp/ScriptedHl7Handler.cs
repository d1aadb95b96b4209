using System.Collections.Concurrent;
using System.Text;
using Monitoring.Hl7;
using Monitoring.Mllp;

namespace Monitoring.UnitTests.Mllp;

/// <summary>
/// Stands in for the api's handler behind the listener: keeps each message it is sent and answers it with the
/// next scripted ACK, or else an AA built by <see cref="Hl7Acknowledgement"/>.
/// </summary>
internal sealed class ScriptedHl7Handler : IMllpMessageHandler
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 5, TimeSpan.Zero);
    private readonly ConcurrentQueue<Func<Hl7Message, string>> _answers = new();

    public ConcurrentQueue<string> Received { get; } = new();

    public ConcurrentQueue<MllpPeer> Peers { get; } = new();

    public static string Accept(Hl7Message message) => Hl7Acknowledgement.Accept(message, "ACK1", Now);

    public static Func<Hl7Message, string> Reject(AckCode code, string errorCode, string text) =>
        message => Hl7Acknowledgement.Reject(message, code, errorCode, text, "ACK1", Now);

    public void Then(params Func<Hl7Message, string>[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }
    }

    public Task<byte[]> HandleAsync(MllpPeer peer, byte[] message, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(message);
        Received.Enqueue(text);
        Peers.Enqueue(peer);
        var parsed = Hl7Message.Parse(text).Message ?? throw new InvalidOperationException($"Not HL7: {text}");
        var answer = _answers.TryDequeue(out var next) ? next(parsed) : Accept(parsed);
        return Task.FromResult(Encoding.UTF8.GetBytes(answer));
    }
}
