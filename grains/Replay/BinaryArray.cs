using System.Buffers.Binary;

namespace Monitoring.Replay;

/// <summary>
/// Reads a one-dimensional PostgreSQL array of fixed-size elements from its binary form (what <c>array_send</c> gives),
/// straight into a buffer: a replay reads millions of small arrays, and Npgsql's array reader made an array and
/// several objects of each.
/// </summary>
/// <remarks>
/// The form: the number of dimensions, a has-nulls flag and the element type (4 bytes each), then each dimension's
/// length and lower bound (4 bytes each), then each element as its length (4 bytes, -1 for null) and its bytes, all
/// big-endian. An empty array has no dimensions.
/// </remarks>
public static class BinaryArray
{
    private const int HeaderSize = 12;
    private const int DimensionSize = 8;

    /// <summary>How many elements the array holds.</summary>
    public static int Count(ReadOnlySpan<byte> array)
    {
        var dimensions = BinaryPrimitives.ReadInt32BigEndian(array);
        return dimensions switch
        {
            0 => 0,
            1 => BinaryPrimitives.ReadInt32BigEndian(array[HeaderSize..]),
            _ => throw new InvalidDataException($"An array of {dimensions} dimensions where one was expected."),
        };
    }

    /// <summary>The elements of a <c>smallint[]</c>, appended to <paramref name="into"/>; returns how many.</summary>
    public static int ReadInt16(ReadOnlySpan<byte> array, Span<short> into)
    {
        var count = Count(array);
        var element = Elements(array, count, sizeof(short));
        for (var i = 0; i < count; i++, element = element[(4 + sizeof(short))..])
        {
            into[i] = BinaryPrimitives.ReadInt16BigEndian(element[4..]);
        }

        return count;
    }

    /// <summary>The elements of an <c>integer[]</c>; returns how many.</summary>
    public static int ReadInt32(ReadOnlySpan<byte> array, Span<int> into)
    {
        var count = Count(array);
        var element = Elements(array, count, sizeof(int));
        for (var i = 0; i < count; i++, element = element[(4 + sizeof(int))..])
        {
            into[i] = BinaryPrimitives.ReadInt32BigEndian(element[4..]);
        }

        return count;
    }

    /// <summary>The elements of a <c>double precision[]</c>; returns how many.</summary>
    public static int ReadDouble(ReadOnlySpan<byte> array, Span<double> into)
    {
        var count = Count(array);
        var element = Elements(array, count, sizeof(double));
        for (var i = 0; i < count; i++, element = element[(4 + sizeof(double))..])
        {
            into[i] = BinaryPrimitives.ReadDoubleBigEndian(element[4..]);
        }

        return count;
    }

    /// <summary>The elements' part, checked to hold <paramref name="count"/> non-null elements of <paramref name="size"/> bytes.</summary>
    private static ReadOnlySpan<byte> Elements(ReadOnlySpan<byte> array, int count, int size)
    {
        if (count == 0)
        {
            return [];
        }

        var elements = array[(HeaderSize + DimensionSize)..];
        if (elements.Length != count * (4 + size))
        {
            throw new InvalidDataException($"An array of {count} elements of {size} bytes has {elements.Length} bytes of elements (a null, or another type).");
        }

        return elements;
    }
}
