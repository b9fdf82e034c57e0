using System.Data.Common;
using Batch.Infrastructure.Database;
using Batch.Items;
using Batch.Model;
using Batch.Steps;

namespace Samples.Collector.Collect;

/// <summary>
/// Reads one registered source table of a partition with the library's keyset reader (by its registered key, so a restart resumes
/// after the last committed key), or one API resource with the library's paging reader (<see cref="ApiResourceReader"/>: a restart
/// resumes at the page of the last checkpoint), as <c>object?[]</c> rows in the registered column order. The registry entry and the
/// source are looked up when the step opens the reader.
/// </summary>
internal sealed class TableReader : IItemReader<object?[]>, IItemStream
{
    private readonly CollectorRuntime _runtime;
    private readonly string _partition;
    private IItemReader<object?[]>? _inner;
    private IItemStream? _stream;

    public TableReader(CollectorRuntime runtime, StepContext step)
    {
        _runtime = runtime;
        _partition = step.ExecutionContext.GetString(PartitionKeys.Table)
            ?? throw new InvalidOperationException($"The step has no '{PartitionKeys.Table}' in its context: it runs as a partition of the collect step.");
    }

    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var table = await _runtime.TableAsync(_partition, cancellationToken).ConfigureAwait(false);
        var connection = await _runtime.ConnectionAsync(table.ConnectionNumber, cancellationToken).ConfigureAwait(false);
        if (connection.MethodCode == CollectArguments.HttpApiCode)
        {
            RegistryCheck.RequireApi(connection, table);
            var reader = new ApiResourceReader(_runtime.Http, ApiPaging.Options(ApiPaging.BaseUrl(connection.ConnectionString), table, ApiColumns.Of(table), CollectorHttp.ClientName));
            (_inner, _stream) = (reader, reader);
        }
        else
        {
            RegistryCheck.Require(table);
            var reader = new KeysetItemReader<object?[]>(_runtime.Source(connection.ConnectionString), new KeysetReaderOptions<object?[]>
            {
                Table = table.TableName,
                Columns = table.Columns,
                KeyColumns = table.KeyColumns,
                Mapper = Map,
                PageSize = _runtime.Settings.ChunkSize,
                Name = "source",
            });
            (_inner, _stream) = (reader, reader);
        }

        await _stream.OpenAsync(executionContext, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<ItemResult<object?[]>> ReadAsync(CancellationToken cancellationToken) =>
        (_inner ?? throw new InvalidOperationException("The table reader is not open.")).ReadAsync(cancellationToken);

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        _stream?.UpdateAsync(executionContext, cancellationToken) ?? ValueTask.CompletedTask;

    public ValueTask CloseAsync(CancellationToken cancellationToken) => _stream?.CloseAsync(cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>A row's values, nulls as null.</summary>
    internal static object?[] Map(DbDataReader reader)
    {
        var values = new object?[reader.FieldCount];
        reader.GetValues(values!);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is DBNull)
            {
                values[i] = null;
            }
        }

        return values;
    }
}
