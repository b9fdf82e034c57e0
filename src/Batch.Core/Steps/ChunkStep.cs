using System.Runtime.CompilerServices;
using Batch.Internal;
using Batch.Items;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>
/// A chunk-oriented step: reads up to <c>ChunkSize</c> items, passes each through the optional
/// processor (which may filter it out), writes the chunk, and commits the checkpoint with it.
/// A restart resumes after the last committed chunk.
/// </summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
public sealed class ChunkStep<TIn, TOut> : StepBase
{
    private readonly int _chunkSize;
    private readonly Func<StepContext, IItemReader<TIn>> _readerFactory;
    private readonly Func<StepContext, IItemProcessor<TIn, TOut>>? _processorFactory;
    private readonly Func<StepContext, IItemWriter<TOut>> _writerFactory;
    private readonly IItemStream[] _streams;
    private readonly IChunkListener[] _chunkListeners;
    private readonly IItemReadListener<TIn>[] _readListeners;
    private readonly IItemProcessListener<TIn, TOut>[] _processListeners;
    private readonly IItemWriteListener<TOut>[] _writeListeners;

    /// <summary>Creates a chunk step. Prefer <see cref="StepBuilder.Chunk{TIn, TOut}(int)"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="definition">The reader, processor, writer and listeners.</param>
    /// <param name="options">Restart options and step/chunk listeners.</param>
    public ChunkStep(string name, ChunkStepDefinition<TIn, TOut> definition, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ChunkSize < 1)
        {
            throw new ArgumentException($"The chunk size of step '{name}' is {definition.ChunkSize}; it must be at least 1.", nameof(definition));
        }

        _readerFactory = definition.Reader ?? throw new ArgumentException($"Step '{name}' has no reader: call .Reader(...) on its builder.", nameof(definition));
        _writerFactory = definition.Writer ?? throw new ArgumentException($"Step '{name}' has no writer: call .Writer(...) on its builder.", nameof(definition));
        _processorFactory = definition.Processor;
        if (_processorFactory is null && typeof(TIn) != typeof(TOut))
        {
            throw new ArgumentException(
                $"Step '{name}' reads {typeof(TIn).Name} and writes {typeof(TOut).Name} but has no processor to turn one into the other: call .Processor(...).",
                nameof(definition));
        }

        _chunkSize = definition.ChunkSize;
        _streams = [.. definition.Streams];
        _chunkListeners = [.. options.ChunkListeners];
        _readListeners = [.. definition.ReadListeners];
        _processListeners = [.. definition.ProcessListeners];
        _writeListeners = [.. definition.WriteListeners];
    }

    /// <summary>The number of items read per chunk.</summary>
    public int ChunkSize => _chunkSize;

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        var reader = _readerFactory(context);
        var processor = _processorFactory?.Invoke(context);
        var writer = _writerFactory(context);
        var streams = new ItemStreams([reader, processor, writer, .. _streams]);
        await streams.OpenAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
        var succeeded = false;
        try
        {
            var checkpointer = new Checkpointer(stepExecution, context.Runtime.Repository, streams);
            var chunk = new Chunk<TOut>(_chunkSize);
            var endOfInput = false;
            while (!endOfInput)
            {
                StopSignal.ThrowIfRequested(stepExecution, cancellationToken);
                checkpointer.StartChunk();
                endOfInput = await RunChunkAsync(stepExecution, reader, processor, writer, chunk, checkpointer, cancellationToken).ConfigureAwait(false);
            }

            succeeded = true;
        }
        finally
        {
            await streams.CloseAsync(stepExecution, succeeded).ConfigureAwait(false);
        }
    }

    /// <summary>Reads, processes, writes and commits one chunk. Returns true at the end of the input.</summary>
    private async ValueTask<bool> RunChunkAsync(
        StepExecution stepExecution,
        IItemReader<TIn> reader,
        IItemProcessor<TIn, TOut>? processor,
        IItemWriter<TOut> writer,
        Chunk<TOut> chunk,
        Checkpointer checkpointer,
        CancellationToken cancellationToken)
    {
        Repository.IChunkTransaction? transaction = null;
        var committed = false;
        try
        {
            for (var i = 0; i < _chunkListeners.Length; i++)
            {
                await _chunkListeners[i].BeforeChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            }

            chunk.Clear();
            var read = 0;
            var filtered = 0;
            var endOfInput = false;
            while (read < _chunkSize)
            {
                var result = await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                if (!result.HasItem)
                {
                    endOfInput = true;
                    break;
                }

                read++;
                var item = result.Item;
                if (processor is null)
                {
                    chunk.Add(Unsafe.As<TIn, TOut>(ref item));
                    continue;
                }

                var processed = await ProcessAsync(processor, item, cancellationToken).ConfigureAwait(false);
                if (processed.HasItem)
                {
                    chunk.Add(processed.Item);
                }
                else
                {
                    filtered++;
                }
            }

            if (read == 0)
            {
                return true;
            }

            transaction = await checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.Count > 0)
            {
                chunk.Transaction = transaction;
                await WriteAsync(writer, chunk, cancellationToken).ConfigureAwait(false);
            }

            stepExecution.ReadCount += read;
            stepExecution.FilterCount += filtered;
            stepExecution.WriteCount += chunk.Count;
            await checkpointer.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            committed = true;

            for (var i = _chunkListeners.Length - 1; i >= 0; i--)
            {
                await _chunkListeners[i].AfterChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            }

            return endOfInput;
        }
        catch (Exception ex) when (!committed)
        {
            await checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
            await ChunkListeners.ErrorAsync(_chunkListeners, stepExecution, ex).ConfigureAwait(false);
            throw;
        }
        finally
        {
            chunk.Transaction = null;
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private ValueTask<ItemResult<TIn>> ReadAsync(IItemReader<TIn> reader, CancellationToken cancellationToken) =>
        _readListeners.Length == 0 ? reader.ReadAsync(cancellationToken) : ReadWithListenersAsync(reader, cancellationToken);

    private async ValueTask<ItemResult<TIn>> ReadWithListenersAsync(IItemReader<TIn> reader, CancellationToken cancellationToken)
    {
        foreach (var listener in _readListeners)
        {
            await listener.BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        }

        ItemResult<TIn> result;
        try
        {
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _readListeners)
            {
                await listener.OnReadErrorAsync(ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        if (result.HasItem)
        {
            for (var i = _readListeners.Length - 1; i >= 0; i--)
            {
                await _readListeners[i].AfterReadAsync(result.Item, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private ValueTask<ItemResult<TOut>> ProcessAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken) =>
        _processListeners.Length == 0 ? processor.ProcessAsync(item, cancellationToken) : ProcessWithListenersAsync(processor, item, cancellationToken);

    private async ValueTask<ItemResult<TOut>> ProcessWithListenersAsync(IItemProcessor<TIn, TOut> processor, TIn item, CancellationToken cancellationToken)
    {
        foreach (var listener in _processListeners)
        {
            await listener.BeforeProcessAsync(item, cancellationToken).ConfigureAwait(false);
        }

        ItemResult<TOut> result;
        try
        {
            result = await processor.ProcessAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _processListeners)
            {
                await listener.OnProcessErrorAsync(item, ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        for (var i = _processListeners.Length - 1; i >= 0; i--)
        {
            await _processListeners[i].AfterProcessAsync(item, result, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async ValueTask WriteAsync(IItemWriter<TOut> writer, Chunk<TOut> chunk, CancellationToken cancellationToken)
    {
        foreach (var listener in _writeListeners)
        {
            await listener.BeforeWriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var listener in _writeListeners)
            {
                await listener.OnWriteErrorAsync(chunk, ex, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        for (var i = _writeListeners.Length - 1; i >= 0; i--)
        {
            await _writeListeners[i].AfterWriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }
}
