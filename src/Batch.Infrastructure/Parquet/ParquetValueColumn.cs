using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace Batch.Infrastructure.Parquet;

/// <summary>A column of a value type (numbers, dates, Guids, enums as numbers), written from a pooled buffer.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <typeparam name="TStored">The type Parquet.Net writes.</typeparam>
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

    public override async Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<T> items, int start, int count, CancellationToken cancellationToken)
    {
        if (Field.IsNullable)
        {
            var values = ArrayPool<TStored?>.Shared.Rent(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var value = _value(items[start + i]);
                    if (value is { } present && _check?.Invoke(present, start + i) is { } error)
                    {
                        throw error;
                    }

                    values[i] = value;
                }

                await group.WriteAsync<TStored>(Field, new ReadOnlyMemory<TStored?>(values, 0, count), null, null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<TStored?>.Shared.Return(values);
            }

            return;
        }

        var required = ArrayPool<TStored>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var value = _value(items[start + i]) ?? throw NullInRequired(start + i);
                if (_check?.Invoke(value, start + i) is { } error)
                {
                    throw error;
                }

                required[i] = value;
            }

            await group.WriteAsync<TStored>(Field, new ReadOnlyMemory<TStored>(required, 0, count), null, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<TStored>.Shared.Return(required);
        }
    }
}
