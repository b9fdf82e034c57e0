namespace Batch.Infrastructure.Parquet;

/// <summary>
/// A value of an item does not fit its mapped Parquet column (a null in a required column, a decimal with more digits than
/// the column's precision or scale). Nothing of the chunk's file is kept. The message names the column, the property and the
/// item's position in the file; a fault-tolerant step can skip the item (<c>.Skip&lt;ParquetValueException&gt;()</c>).
/// </summary>
public class ParquetValueException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not fit, naming the column and the property.</param>
    /// <param name="column">The column's name.</param>
    public ParquetValueException(string message, string column)
        : base(message)
    {
        Column = column;
    }

    /// <summary>The column whose value did not fit.</summary>
    public string Column { get; }
}
