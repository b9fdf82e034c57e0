using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>One mapped column: its field, and how to write the values of a slice of items into a row group.</summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class ParquetColumn<T>
{
    protected ParquetColumn(DataField field, string property)
    {
        Field = field;
        Property = property;
    }

    /// <summary>The column's field in the file's schema.</summary>
    public DataField Field { get; }

    /// <summary>The mapped property, for messages: <c>Order.Price</c>.</summary>
    public string Property { get; }

    /// <summary>Writes the column's values for <paramref name="count"/> items from <paramref name="start"/>.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> items, int start, int count, CancellationToken cancellationToken);

    protected ParquetValueException NullInRequired(int row) => new(
        $"Column '{Field.Name}' ({Property}) is required, but item {row + 1} of the file has no value: give it a value in a processor, or declare the column Nullable() in the map.",
        Field.Name);
}
