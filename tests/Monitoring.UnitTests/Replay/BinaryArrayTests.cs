using System.Buffers.Binary;
using Monitoring.Replay;

namespace Monitoring.UnitTests.Replay;

/// <summary>
/// The stored batches' arrays as PostgreSQL sends them (<c>array_send</c>): read straight into buffers, and anything
/// other than a one-dimensional array without nulls refused rather than misread. The replay's end-to-end tests read
/// them from the real database.
/// </summary>
public sealed class BinaryArrayTests
{
    [Fact]
    public void The_signs_values_and_offsets_of_a_batch_are_read_in_their_order()
    {
        var signs = new short[3];
        var values = new double[3];
        var offsets = new int[3];

        Assert.Equal(3, BinaryArray.ReadInt16(Array(21, 2, [Be16(3), Be16(-1), Be16(7)]), signs));
        Assert.Equal(3, BinaryArray.ReadDouble(Array(701, 8, [Be64(97.5), Be64(-0.25), Be64(36.9)]), values));
        Assert.Equal(3, BinaryArray.ReadInt32(Array(23, 4, [Be32(0), Be32(250_000), Be32(-1)]), offsets));

        Assert.Equal([3, -1, 7], signs);
        Assert.Equal([97.5, -0.25, 36.9], values);
        Assert.Equal([0, 250_000, -1], offsets);
    }

    [Fact]
    public void An_empty_array_has_no_dimensions_and_no_elements()
    {
        byte[] empty = [.. Be32(0), .. Be32(0), .. Be32(21)];

        Assert.Equal(0, BinaryArray.Count(empty));
        Assert.Equal(0, BinaryArray.ReadInt16(empty, []));
    }

    [Fact]
    public void An_array_holding_a_null_is_refused_rather_than_read_as_numbers()
    {
        byte[] withNull = [.. Be32(1), .. Be32(1), .. Be32(701), .. Be32(2), .. Be32(1), .. Be32(8), .. Be64(97), .. Be32(-1)];

        Assert.Throws<InvalidDataException>(() => BinaryArray.ReadDouble(withNull, new double[2]));
    }

    [Fact]
    public void An_array_of_another_element_size_is_refused()
    {
        var integers = Array(23, 4, [Be32(1), Be32(2)]);

        Assert.Throws<InvalidDataException>(() => BinaryArray.ReadDouble(integers, new double[2]));
    }

    [Fact]
    public void A_two_dimensional_array_is_refused()
    {
        byte[] matrix = [.. Be32(2), .. Be32(0), .. Be32(21), .. Be32(1), .. Be32(1), .. Be32(1), .. Be32(1), .. Be32(2), .. Be16(5)];

        Assert.Throws<InvalidDataException>(() => BinaryArray.Count(matrix));
    }

    /// <summary>A one-dimensional array without nulls, as <c>array_send</c> writes it.</summary>
    private static byte[] Array(int elementType, int size, byte[][] elements)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Be32(1));
        bytes.AddRange(Be32(0));
        bytes.AddRange(Be32(elementType));
        bytes.AddRange(Be32(elements.Length));
        bytes.AddRange(Be32(1));
        foreach (var element in elements)
        {
            bytes.AddRange(Be32(size));
            bytes.AddRange(element);
        }

        return [.. bytes];
    }

    private static byte[] Be16(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Be32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Be64(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return bytes;
    }
}
