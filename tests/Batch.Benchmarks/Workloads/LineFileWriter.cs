using Batch.Items;

namespace Batch.Benchmarks.Workloads;

/// <summary>Writes each chunk's lines to a file and flushes, as a file writer does at every checkpoint.</summary>
internal sealed class LineFileWriter(string path) : IItemWriter<string>, IItemStream, IAsyncDisposable
{
    private StreamWriter? _writer;

    public async ValueTask WriteAsync(Chunk<string> chunk, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The writer is not open.");
        foreach (var line in chunk)
        {
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _writer = new StreamWriter(path, append: false);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask CloseAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
    }
}
