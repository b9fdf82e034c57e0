using Batch.Items;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The no-op items of the overhead measurements, and the same work without the framework: read, process,
/// collect a chunk, write it — one chunk per call, calling the concrete reader, processor and writer directly
/// (no interfaces) and awaiting each call, as a hand-written loop would.
/// </summary>
internal static class PlainLoop
{
    /// <summary>Runs the loop; <paramref name="observed"/> adds <see cref="TelemetryFloor"/>'s telemetry around each chunk.</summary>
    public static async Task RunAsync(int count, int chunkSize, CancellationToken cancellationToken, bool observed = false)
    {
        var reader = new CountingReader(count);
        var chunk = new Chunk<int>(chunkSize);
        while (await ChunkAsync(reader, chunk, chunkSize, observed, cancellationToken))
        {
        }
    }

    private static async ValueTask<bool> ChunkAsync(CountingReader reader, Chunk<int> chunk, int chunkSize, bool observed, CancellationToken cancellationToken)
    {
        var telemetry = observed ? TelemetryFloor.Begin() : default;
        chunk.Clear();
        for (var i = 0; i < chunkSize; i++)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (!read.HasItem)
            {
                break;
            }

            var processed = await NoOpProcessor.Instance.ProcessAsync(read.Item, cancellationToken);
            if (processed.HasItem)
            {
                chunk.Add(processed.Item);
            }
        }

        if (chunk.Count == 0)
        {
            telemetry.Activity?.Dispose();
            return false;
        }

        await NoOpWriter.Instance.WriteAsync(chunk, cancellationToken);
        if (observed)
        {
            TelemetryFloor.End(telemetry, System.Diagnostics.Stopwatch.GetTimestamp());
        }

        return chunk.Count == chunkSize;
    }

    /// <summary>Reads 0..count-1.</summary>
    internal sealed class CountingReader(int count) : IItemReader<int>
    {
        private int _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            _next < count ? new(new ItemResult<int>(_next++)) : new(ItemResult<int>.None);
    }

    /// <summary>Passes items through.</summary>
    internal sealed class NoOpProcessor : IItemProcessor<int, int>
    {
        public static readonly NoOpProcessor Instance = new();

        public ValueTask<ItemResult<int>> ProcessAsync(int item, CancellationToken cancellationToken) => new(new ItemResult<int>(item));
    }

    /// <summary>Writes nothing.</summary>
    internal sealed class NoOpWriter : IItemWriter<int>
    {
        public static readonly NoOpWriter Instance = new();

        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
