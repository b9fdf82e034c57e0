using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>A column of strings (text, enums by name) or byte arrays, written from a pooled buffer.</summary>
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

    public override async Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> items, int start, int count, CancellationToken cancellationToken)
    {
        var values = ArrayPool<TStored?>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = _value(items[start + i]) ?? (Field.IsNullable ? null : throw NullInRequired(start + i));
            }

            object slice = new ArraySegment<TStored>(values!, 0, count); // boxed once per file, not per item
            var task = typeof(TStored) == typeof(string)
                ? group.WriteAsync(Field, (IReadOnlyCollection<string>)slice, null)
                : group.WriteAsync(Field, (IReadOnlyCollection<byte[]>)slice, null);
            await task.ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<TStored?>.Shared.Return(values, clearArray: true);
        }
    }
}
