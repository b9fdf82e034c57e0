using Batch.Infrastructure.Database;
using Batch.Infrastructure.Parquet;
using Batch.Items;
using Batch.Model;
using Batch.Steps;
using Npgsql;
using NpgsqlTypes;

namespace Samples.Collector.Collect;

/// <summary>
/// Writes each chunk of a table into the target database (the library's COPY writer for a database other than the job
/// repository's: idempotent by the (base time, key) primary key, so a chunk written again after a crash leaves every row once) and
/// then into the lake (the library's Parquet writer: exactly-once part files, committed with the step's checkpoint). The source's
/// columns (an API resource's registered types) decide the target table (created when missing) and the Parquet schema, when the step
/// opens the writer.
/// </summary>
internal sealed class TableLoadWriter : IItemWriter<object?[]>, IItemStream
{
    private readonly CollectorRuntime _runtime;
    private readonly StepContext _step;
    private readonly string _partition;
    private ExternalPostgresCopyItemWriter<object?[]>? _target;
    private ParquetItemWriter<object?[]>? _lake;

    public TableLoadWriter(CollectorRuntime runtime, StepContext step)
    {
        _runtime = runtime;
        _step = step;
        _partition = step.ExecutionContext.GetString(PartitionKeys.Table)
            ?? throw new InvalidOperationException($"The step has no '{PartitionKeys.Table}' in its context: it runs as a partition of the collect step.");
    }

    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var table = await _runtime.TableAsync(_partition, cancellationToken).ConfigureAwait(false);
        var columns = table.Api is not null
            ? ApiColumns.Of(table)
            : await SourceSchema.ReadAsync(_runtime.Source((await _runtime.ConnectionAsync(table.ConnectionNumber, cancellationToken).ConfigureAwait(false)).ConnectionString), table, cancellationToken).ConfigureAwait(false);
        await TargetTable.EnsureAsync(_runtime.Target, table, columns, cancellationToken).ConfigureAwait(false);

        var baseTime = _step.JobParameters.GetString(PartitionKeys.BaseTime)!;
        var copyTypes = columns.Select(c => c.CopyTypeName).ToArray();
        _target = new ExternalPostgresCopyItemWriter<object?[]>(_runtime.Target, new PostgresCopyWriterOptions<object?[]>
        {
            Table = table.TargetTable,
            Columns = [LakeLayout.BaseTimeColumn, .. table.Columns],
            KeyColumns = [LakeLayout.BaseTimeColumn, .. table.KeyColumns],
            OnDuplicateKey = DuplicateKeyMode.Ignore,
            WriteRow = (row, importer, ct) => WriteRowAsync(baseTime, copyTypes, row, importer, ct),
            Name = "target",
        }, _step.LoggerFactory);
        _lake = new ParquetItemWriter<object?[]>(_step, new ParquetItemWriterOptions<object?[]>
        {
            Name = "lake",
            RootDirectory = _runtime.LakeRoot,
            Partitions =
            {
                ParquetPartition<object?[]>.Fixed("table", table.TargetTable),
                ParquetPartition<object?[]>.Fixed("date", LakeLayout.BaseDate(baseTime)),
            },
            Serializer = ParquetRowSerializer.For(LakeLayout.SchemaOf(columns)),
        });
        await _target.OpenAsync(executionContext, cancellationToken).ConfigureAwait(false);
        await _lake.OpenAsync(executionContext, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(Chunk<object?[]> chunk, CancellationToken cancellationToken)
    {
        await Open(_target).WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        await Open(_lake).WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        await Open(_target).UpdateAsync(executionContext, cancellationToken).ConfigureAwait(false);
        await Open(_lake).UpdateAsync(executionContext, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_lake is not null)
        {
            await _lake.CloseAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_target is not null)
        {
            await _target.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static T Open<T>(T? writer)
        where T : class => writer ?? throw new InvalidOperationException("The table writer is not open.");

    private static async Task WriteRowAsync(string baseTime, string[] types, object?[] row, NpgsqlBinaryImporter importer, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(baseTime, NpgsqlDbType.Char, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is { } value)
            {
                await importer.WriteAsync(value, types[i], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
