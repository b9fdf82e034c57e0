using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// Fills a chunk: reads up to the chunk size and passes each item through the processor, which may filter it out.
/// One filler serves every item step. Without listeners, timeouts or fault handling it calls the reader and processor
/// directly and stays in a synchronous loop for as long as they complete synchronously, awaiting only the calls that are
/// really pending; otherwise it goes through <see cref="ItemCalls{TIn, TOut}"/> and the step's <see cref="IItemFaultHandler{TIn, TOut}"/>.
/// </summary>
internal sealed class ChunkFiller<TIn, TOut>
{
    private readonly IItemReader<TIn> _reader;
    private readonly IItemProcessor<TIn, TOut>? _processor;
    private readonly ItemCalls<TIn, TOut> _calls;
    private readonly IItemFaultHandler<TIn, TOut>? _faults;
    private readonly bool _plain;

    public ChunkFiller(int chunkSize, IItemReader<TIn> reader, IItemProcessor<TIn, TOut>? processor, ItemCalls<TIn, TOut> calls, IItemFaultHandler<TIn, TOut>? faults)
    {
        ChunkSize = chunkSize;
        _reader = reader;
        _processor = processor;
        _calls = calls;
        _faults = faults;
        _plain = calls.IsPlain && faults is null;
    }

    /// <summary>How many items a chunk reads.</summary>
    public int ChunkSize { get; }

    /// <summary>The reader.</summary>
    public IItemReader<TIn> Reader => _reader;

    /// <summary>
    /// Fills <paramref name="chunk"/> (empty on entry). Plain calls that all complete synchronously fill it without entering an
    /// asynchronous method: the task returned is then already completed.
    /// </summary>
    public ValueTask<ChunkFill> FillAsync(Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        if (!_plain)
        {
            return FillThroughCallsAsync(chunk, cancellationToken);
        }

        var fill = new ChunkFill(0, 0, EndOfInput: false);
        var state = FillSynchronously(chunk, ref fill, cancellationToken, out var pendingRead, out var pendingProcess);
        return state == FillState.Done ? new ValueTask<ChunkFill>(fill) : FillPlainAsync(chunk, fill, state, pendingRead, pendingProcess, cancellationToken);
    }

    /// <summary>Fills through the item calls (listeners, read timeout) and the fault handler (skips, retried processing).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ChunkFill> FillThroughCallsAsync(Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        var read = 0;
        var filtered = 0;
        var faults = _faults;
        while (read < ChunkSize)
        {
            ItemResult<TIn> result;
            try
            {
                result = await _calls.ReadAsync(_reader, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (faults is not null && faults.IsSkippable(ex))
            {
                faults.SkipRead(ex);
                continue;
            }

            if (!result.HasItem)
            {
                return new ChunkFill(read, filtered, EndOfInput: true);
            }

            read++;
            var item = result.Item;
            if (_processor is null)
            {
                chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                continue;
            }

            ItemResult<TOut> processed;
            try
            {
                processed = faults is null
                    ? await _calls.ProcessAsync(_processor, item, cancellationToken).ConfigureAwait(false)
                    : await faults.ProcessAsync(_processor, item, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (faults is not null && faults.IsSkippable(ex))
            {
                faults.SkipProcess(ex, item);
                continue;
            }

            filtered += Add(chunk, processed);
        }

        return new ChunkFill(read, filtered, EndOfInput: false);
    }

    /// <summary>
    /// Goes on filling with plain calls to the reader and processor once one of them is pending (<paramref name="state"/>):
    /// awaits it, then stays in the synchronous loop for as long as the calls complete synchronously.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ChunkFill> FillPlainAsync(
        Chunk<TOut> chunk,
        ChunkFill fill,
        FillState state,
        ValueTask<ItemResult<TIn>> pendingRead,
        ValueTask<ItemResult<TOut>> pendingProcess,
        CancellationToken cancellationToken)
    {
        while (true)
        {
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
                    if (_processor is null)
                    {
                        chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                        break;
                    }

                    fill = fill with { Filtered = fill.Filtered + Add(chunk, await _processor.ProcessAsync(item, cancellationToken).ConfigureAwait(false)) };
                    break;
                default:
                    fill = fill with { Filtered = fill.Filtered + Add(chunk, await pendingProcess.ConfigureAwait(false)) };
                    break;
            }

            state = FillSynchronously(chunk, ref fill, cancellationToken, out pendingRead, out pendingProcess);
        }
    }

    private FillState FillSynchronously(
        Chunk<TOut> chunk,
        ref ChunkFill fill,
        CancellationToken cancellationToken,
        out ValueTask<ItemResult<TIn>> pendingRead,
        out ValueTask<ItemResult<TOut>> pendingProcess)
    {
        pendingRead = default;
        pendingProcess = default;
        var reader = _reader;
        var processor = _processor;
        var read = fill.Read;
        var filtered = fill.Filtered;
        var size = ChunkSize;
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
}

/// <summary>What filling a chunk did: items read, items filtered, and whether the input ended.</summary>
internal readonly record struct ChunkFill(int Read, int Filtered, bool EndOfInput);
