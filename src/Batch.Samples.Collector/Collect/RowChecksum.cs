using System.Globalization;

namespace Samples.Collector.Collect;

/// <summary>
/// A row count and an order-independent 64-bit checksum of rows' values: each row's values are written in one canonical text
/// form (integers as integers whatever their width, decimals without trailing zeros, times to the tick, bytes as hex, anything
/// else as invariant text), hashed (FNV-1a, then a SplitMix64 finaliser), and the hashes are summed. The same rows read from the
/// source, the Parquet files and the target table give the same value, whatever their order.
/// </summary>
public sealed class RowChecksum
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private ulong _sum;

    /// <summary>A checksum that goes on from a count and checksum kept earlier (the sum of row hashes can be continued).</summary>
    /// <param name="kept">The count and checksum kept.</param>
    /// <returns>The checksum, to add more rows to.</returns>
    /// <exception cref="FormatException">The checksum is not 16 hex digits.</exception>
    public static RowChecksum Resume(SideCount kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        return new RowChecksum { _sum = ulong.Parse(kept.Checksum, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), Count = kept.Rows };
    }

    /// <summary>Rows added.</summary>
    public long Count { get; private set; }

    /// <summary>The checksum as 16 hex digits.</summary>
    public string Value => _sum.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The count and the checksum.</summary>
    public SideCount ToSide() => new(Count, Value);

    /// <summary>Adds a row.</summary>
    /// <param name="values">Its values, in the registered column order.</param>
    public void Add(ReadOnlySpan<object?> values)
    {
        var hash = Offset;
        foreach (var value in values)
        {
            // A tag first, so that no text can hash like a null.
            hash = value is null or DBNull ? (hash ^ 0xFE) * Prime : Mix((hash ^ 0x01) * Prime, Canonical(value));
            hash = (hash ^ 0x1F) * Prime; // field separator
        }

        _sum = unchecked(_sum + Finalise(hash));
        Count++;
    }

    /// <summary>The canonical text of a value (a null is tagged apart in <see cref="Add"/>).</summary>
    internal static string Canonical(object? value) => value switch
    {
        null or DBNull => "\u0000null",
        string s => s,
        bool b => b ? "t" : "f",
        short or int or long or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => Normalise(m),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        DateOnly day => day.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Normalise(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
