using System.Globalization;
using Batch.Infrastructure.Http;
using Batch.Items;
using Batch.Model;

namespace Samples.Collector.Collect;

/// <summary>
/// Reads an API resource with the library's <see cref="HttpJsonPagingReader{T}"/> (restartable from the page state) and counts
/// and checksums the rows it read: the count and checksum are kept in the step's context with each checkpoint, so after a restart
/// they still cover every row this partition committed, and the load is verified against what was read (an API cannot be read a
/// second time for the check).
/// </summary>
internal sealed class ApiResourceReader : IItemReader<object?[]>, IItemStream
{
    /// <summary>The context key of the rows read.</summary>
    internal const string RowsKey = "source.read.rows";

    /// <summary>The context key of their checksum.</summary>
    internal const string ChecksumKey = "source.read.checksum";

    private readonly HttpJsonPagingReader<object?[]> _inner;
    private RowChecksum _read = new();

    public ApiResourceReader(IHttpClientFactory clients, HttpJsonPagingReaderOptions<object?[]> options) => _inner = new HttpJsonPagingReader<object?[]>(clients, options);

    /// <summary>What a partition's reader read, from its step's context; null when it kept nothing.</summary>
    internal static SideCount? ReadSide(BatchExecutionContext context) =>
        context.TryGet<string>(ChecksumKey, out var checksum) && checksum is not null ? new SideCount(context.GetLong(RowsKey, 0), checksum) : null;

    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _read = ReadSide(executionContext) is { } kept ? RowChecksum.Resume(kept) : new RowChecksum();
        await _inner.OpenAsync(executionContext, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ItemResult<object?[]>> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await _inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.HasItem)
        {
            _read.Add(result.Item);
        }

        return result;
    }

    public async ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        await _inner.UpdateAsync(executionContext, cancellationToken).ConfigureAwait(false);
        executionContext.Put(RowsKey, _read.Count);
        executionContext.Put(ChecksumKey, _read.Value);
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => _inner.CloseAsync(cancellationToken);

    /// <summary>For messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"API reader at {_inner.CurrentPage}");
}
