using Parquet;
using Parquet.Schema;

namespace Samples.Collector.Collect;

/// <summary>Reads back the Parquet part files a job instance wrote for a table, to count and checksum them.</summary>
internal static class LakeFiles
{
    public static async Task<RowChecksum> ChecksumAsync(string folder, string filePrefix, CancellationToken cancellationToken)
    {
        var checksum = new RowChecksum();
        if (!Directory.Exists(folder))
        {
            return checksum;
        }

        foreach (var file in Directory.EnumerateFiles(folder, filePrefix + "*.parquet").Order(StringComparer.Ordinal))
        {
            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: false, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var fields = reader.Schema.DataFields;
                    for (var g = 0; g < reader.RowGroupCount; g++)
                    {
                        using var group = reader.OpenRowGroupReader(g);
                        var count = checked((int)group.RowCount);
                        var columns = new object?[fields.Length][];
                        for (var f = 0; f < fields.Length; f++)
                        {
                            columns[f] = await ReadColumnAsync(group, fields[f], count, cancellationToken).ConfigureAwait(false);
                        }

                        var row = new object?[fields.Length];
                        for (var r = 0; r < count; r++)
                        {
                            for (var f = 0; f < fields.Length; f++)
                            {
                                row[f] = columns[f][r];
                            }

                            checksum.Add(row);
                        }
                    }
                }
            }
        }

        return checksum;
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return [.. values];
        }

        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>))
        {
            var values = new byte[]?[count];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return [.. values];
        }

        return type == typeof(bool) ? await ValuesAsync<bool>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(short) ? await ValuesAsync<short>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(int) ? await ValuesAsync<int>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(long) ? await ValuesAsync<long>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(float) ? await ValuesAsync<float>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(double) ? await ValuesAsync<double>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(decimal) ? await ValuesAsync<decimal>(group, field, count, cancellationToken).ConfigureAwait(false)
            : type == typeof(DateTime) ? await ValuesAsync<DateTime>(group, field, count, cancellationToken).ConfigureAwait(false)
            : throw new InvalidOperationException($"The lake file has a field '{field.Name}' of type {type.Name}, which the collector does not write.");
    }

    private static async Task<object?[]> ValuesAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var result = new object?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                result[i] = values[i];
            }
        }
        else
        {
            var values = new T[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                result[i] = values[i];
            }
        }

        return result;
    }
}
