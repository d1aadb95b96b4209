namespace Monitoring.Mllp;

/// <summary>Answers one HL7 message (the bytes inside an MLLP frame) with the bytes of its acknowledgement.</summary>
public interface IMllpMessageHandler
{
    Task<byte[]> HandleAsync(byte[] message, CancellationToken cancellationToken);
}
