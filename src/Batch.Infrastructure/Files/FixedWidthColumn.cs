namespace Batch.Infrastructure.Files;

/// <summary>One column of a fixed-width file: where it starts on the line and how many characters it holds.</summary>
public sealed class FixedWidthColumn
{
    /// <summary>Creates a column.</summary>
    /// <param name="name">Its name (for mapping by name and in messages).</param>
    /// <param name="start">The 0-based position of its first character on the line.</param>
    /// <param name="length">How many characters it holds (at least 1).</param>
    public FixedWidthColumn(string name, int start, int length)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Name = name;
        Start = start;
        Length = length;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>The 0-based position of its first character.</summary>
    public int Start { get; }

    /// <summary>How many characters it holds.</summary>
    public int Length { get; }

    /// <summary>The position just after its last character.</summary>
    public int End => Start + Length;

    /// <summary>When writing: which side a shorter value sits on (left by default, so the padding follows it).</summary>
    public FieldAlignment Alignment { get; init; } = FieldAlignment.Left;

    /// <summary>When writing: the character a shorter value is padded with (a space by default).</summary>
    public char Padding { get; init; } = ' ';

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{Start}, {End})";

    internal static void ValidateLayout(IReadOnlyList<FixedWidthColumn>? columns, string parameter)
    {
        if (columns is null || columns.Count == 0)
        {
            throw new ArgumentException("A fixed-width layout needs at least one column.", parameter);
        }

        var ordered = columns.OrderBy(c => c.Start).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                throw new ArgumentException($"The columns {ordered[i - 1]} and {ordered[i]} overlap.", parameter);
            }
        }
    }
}

/// <summary>Which side of a fixed-width column a shorter value sits on.</summary>
public enum FieldAlignment
{
    /// <summary>At the start; the padding follows (text).</summary>
    Left,

    /// <summary>At the end; the padding comes first (numbers).</summary>
    Right,
}
