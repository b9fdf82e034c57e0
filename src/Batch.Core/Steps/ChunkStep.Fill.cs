using System.Runtime.CompilerServices;
using Batch.Engine;
using Batch.Items;

namespace Batch.Steps;

/// <summary>Filling one chunk: reading items and passing them through the processor.</summary>
public sealed partial class ChunkStep<TIn, TOut>
{
    /// <summary>Fills the chunk through <paramref name="calls"/> (listeners, read timeout).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ChunkFill> FillAsync(
        IItemReader<TIn> reader, IItemProcessor<TIn, TOut>? processor, ItemCalls<TIn, TOut> calls, Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        var read = 0;
        var filtered = 0;
        while (read < _chunkSize)
        {
            var result = await calls.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            if (!result.HasItem)
            {
                return new ChunkFill(read, filtered, EndOfInput: true);
            }

            read++;
            var item = result.Item;
            if (processor is null)
            {
                chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                continue;
            }

            var processed = await calls.ProcessAsync(processor, item, cancellationToken).ConfigureAwait(false);
            filtered += Add(chunk, processed);
        }

        return new ChunkFill(read, filtered, EndOfInput: false);
    }

    /// <summary>
    /// Fills the chunk with plain calls to the reader and processor, staying in a synchronous loop for as
    /// long as they complete synchronously (in-memory and buffered readers mostly do), and awaiting only
    /// the calls that are really pending. This keeps the per-item cost of the engine to the calls themselves.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ChunkFill> FillPlainAsync(
        IItemReader<TIn> reader, IItemProcessor<TIn, TOut>? processor, Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        var fill = new ChunkFill(0, 0, EndOfInput: false);
        while (true)
        {
            var state = FillSynchronously(reader, processor, chunk, ref fill, cancellationToken, out var pendingRead, out var pendingProcess);
            switch (state)
            {
                case FillState.Done:
                    return fill;
                case FillState.ReadPending:
                    var result = await pendingRead.ConfigureAwait(false);
                    if (!result.HasItem)
                    {
                        return fill with { EndOfInput = true };
                    }

                    fill = fill with { Read = fill.Read + 1 };
                    var item = result.Item;
                    if (processor is null)
                    {
                        chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                        break;
                    }

                    fill = fill with { Filtered = fill.Filtered + Add(chunk, await processor.ProcessAsync(item, cancellationToken).ConfigureAwait(false)) };
                    break;
                default:
                    fill = fill with { Filtered = fill.Filtered + Add(chunk, await pendingProcess.ConfigureAwait(false)) };
                    break;
            }
        }
    }

    private FillState FillSynchronously(
        IItemReader<TIn> reader,
        IItemProcessor<TIn, TOut>? processor,
        Chunk<TOut> chunk,
        ref ChunkFill fill,
        CancellationToken cancellationToken,
        out ValueTask<ItemResult<TIn>> pendingRead,
        out ValueTask<ItemResult<TOut>> pendingProcess)
    {
        pendingRead = default;
        pendingProcess = default;
        var read = fill.Read;
        var filtered = fill.Filtered;
        var size = _chunkSize;
        var state = FillState.Done;
        while (read < size)
        {
            var reading = reader.ReadAsync(cancellationToken);
            if (!reading.IsCompletedSuccessfully)
            {
                pendingRead = reading;
                state = FillState.ReadPending;
                break;
            }

            var result = reading.Result;
            if (!result.HasItem)
            {
                fill = new ChunkFill(read, filtered, EndOfInput: true);
                return FillState.Done;
            }

            read++;
            var item = result.Item;
            if (processor is null)
            {
                chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                continue;
            }

            var processing = processor.ProcessAsync(item, cancellationToken);
            if (!processing.IsCompletedSuccessfully)
            {
                pendingProcess = processing;
                state = FillState.ProcessPending;
                break;
            }

            filtered += Add(chunk, processing.Result);
        }

        fill = new ChunkFill(read, filtered, EndOfInput: false);
        return state;
    }

    /// <summary>Adds a processed item to the chunk; returns 1 when it was filtered out.</summary>
    private static int Add(Chunk<TOut> chunk, ItemResult<TOut> processed)
    {
        if (processed.HasItem)
        {
            chunk.Add(processed.Item);
            return 0;
        }

        return 1;
    }

    private enum FillState
    {
        Done,
        ReadPending,
        ProcessPending,
    }

    /// <summary>What filling a chunk did: items read, items filtered, and whether the input ended.</summary>
    private readonly record struct ChunkFill(int Read, int Filtered, bool EndOfInput);
}
