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

    /// <summary>The elements of a <c>smallint[]</c>, into <paramref name="into"/>; returns how many.</summary>
    public static int ReadInt16(ReadOnlySpan<byte> array, Span<short> into) => Read<short, Int16Element>(array, into);

    /// <summary>The elements of an <c>integer[]</c>; returns how many.</summary>
    public static int ReadInt32(ReadOnlySpan<byte> array, Span<int> into) => Read<int, Int32Element>(array, into);

    /// <summary>The elements of a <c>double precision[]</c>; returns how many.</summary>
    public static int ReadDouble(ReadOnlySpan<byte> array, Span<double> into) => Read<double, DoubleElement>(array, into);

    private static int Read<T, TElement>(ReadOnlySpan<byte> array, Span<T> into)
        where TElement : IElement<T>
    {
        var count = Count(array);
        var element = Elements(array, count, TElement.Size);
        for (var i = 0; i < count; i++, element = element[(4 + TElement.Size)..])
        {
            into[i] = TElement.Read(element[4..]);
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

    /// <summary>How an element of one type is read (a type argument, so that each reader is its own loop with no call through a delegate).</summary>
    private interface IElement<T>
    {
        static abstract int Size { get; }

        static abstract T Read(ReadOnlySpan<byte> bytes);
    }

    private readonly struct Int16Element : IElement<short>
    {
        public static int Size => sizeof(short);

        public static short Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt16BigEndian(bytes);
    }

    private readonly struct Int32Element : IElement<int>
    {
        public static int Size => sizeof(int);

        public static int Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt32BigEndian(bytes);
    }

    private readonly struct DoubleElement : IElement<double>
    {
        public static int Size => sizeof(double);

        public static double Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadDoubleBigEndian(bytes);
    }
}
