namespace Monitoring.Mllp;

/// <summary>Answers one HL7 message (the bytes inside an MLLP frame) from <c>peer</c> with the bytes of its acknowledgement.</summary>
public interface IMllpMessageHandler
{
    Task<byte[]> HandleAsync(MllpPeer peer, byte[] message, CancellationToken cancellationToken);
}
