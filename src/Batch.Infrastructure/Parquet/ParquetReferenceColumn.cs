using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>A column of strings (text, enums by name) or byte arrays: one array per column and file.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TStored"><see cref="string"/> or <c>byte[]</c>.</typeparam>
internal sealed class ParquetReferenceColumn<T, TStored> : ParquetColumn<T>
    where TStored : class
{
    private readonly Func<T, TStored?> _value;

    public ParquetReferenceColumn(DataField field, string property, Func<T, TStored?> value)
        : base(field, property)
    {
        _value = value;
    }

    public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> items, int start, int count, CancellationToken cancellationToken)
    {
        var values = new TStored?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = _value(items[start + i]) ?? (Field.IsNullable ? null : throw NullInRequired(start + i));
        }

        return values is string?[] text
            ? group.WriteAsync(Field, (IReadOnlyCollection<string>)text!, null)
            : group.WriteAsync(Field, (IReadOnlyCollection<byte[]>)(object)values, null);
    }
}
