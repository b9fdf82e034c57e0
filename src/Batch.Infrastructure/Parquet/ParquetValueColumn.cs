using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>A column of a value type (numbers, dates, Guids, enums as numbers).</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TStored">The type Parquet.Net writes.</typeparam>
/// <remarks>
/// One array per column and file (not pooled: Parquet.Net may still read a column's memory after its write call returns, until
/// the row group ends).
/// </remarks>
internal sealed class ParquetValueColumn<T, TStored> : ParquetColumn<T>
    where TStored : struct
{
    private readonly Func<T, TStored?> _value;
    private readonly Func<TStored, int, ParquetValueException?>? _check;

    public ParquetValueColumn(DataField field, string property, Func<T, TStored?> value, Func<TStored, int, ParquetValueException?>? check)
        : base(field, property)
    {
        _value = value;
        _check = check;
    }

    public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> items, int start, int count, CancellationToken cancellationToken)
    {
        if (Field.IsNullable)
        {
            var values = new TStored?[count];
            for (var i = 0; i < count; i++)
            {
                var value = _value(items[start + i]);
                if (value is { } present && _check?.Invoke(present, start + i) is { } error)
                {
                    throw error;
                }

                values[i] = value;
            }

            return group.WriteAsync<TStored>(Field, (ReadOnlyMemory<TStored?>)values, null, null, cancellationToken);
        }

        var required = new TStored[count];
        for (var i = 0; i < count; i++)
        {
            var value = _value(items[start + i]) ?? throw NullInRequired(start + i);
            if (_check?.Invoke(value, start + i) is { } error)
            {
                throw error;
            }

            required[i] = value;
        }

        return group.WriteAsync<TStored>(Field, (ReadOnlyMemory<TStored>)required, null, null, cancellationToken);
    }
}
