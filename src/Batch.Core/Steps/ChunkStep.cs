using System.Runtime.CompilerServices;
using Batch.Internal;
using Batch.Jobs;
using Batch.Items;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>
/// A chunk-oriented step: reads up to <c>ChunkSize</c> items, passes each through the optional
/// processor (which may filter it out), writes the chunk, and commits the checkpoint with it.
/// A restart resumes after the last committed chunk.
/// </summary>
/// <remarks>
/// Without fault tolerance a failure rolls the chunk back and fails the step, and the chunk loop adds
/// nothing per item beyond the calls to the reader, processor and writer. With
/// <see cref="ChunkStepBuilder{TIn, TOut}.FaultTolerant"/>, failures are retried and skipped as its
/// <see cref="Faults.FaultToleranceOptions"/> say (see <c>ChunkStep.FaultTolerant.cs</c>).
/// </remarks>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
public sealed partial class ChunkStep<TIn, TOut> : StepBase
{
    private readonly int _chunkSize;
    private readonly Func<StepContext, IItemReader<TIn>> _readerFactory;
    private readonly Func<StepContext, IItemProcessor<TIn, TOut>>? _processorFactory;
    private readonly Func<StepContext, IItemWriter<TOut>> _writerFactory;
    private readonly IItemStream[] _streams;
    private readonly IChunkListener[] _ownChunkListeners;
    private IChunkListener[] _chunkListeners; // the runtime's (DI) listeners around the step's own: set as an execution starts
    private readonly IItemReadListener<TIn>[] _readListeners;
    private readonly IItemProcessListener<TIn, TOut>[] _processListeners;
    private readonly IItemWriteListener<TOut>[] _writeListeners;
    private readonly ISkipListener<TIn, TOut>[] _skipListeners;
    private readonly TimeSpan? _readTimeout;
    private readonly FaultRules? _faultRules;

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
        _chunkListeners = _ownChunkListeners = [.. options.ChunkListeners];
        _readListeners = [.. definition.ReadListeners];
        _processListeners = [.. definition.ProcessListeners];
        _writeListeners = [.. definition.WriteListeners];
        _skipListeners = [.. definition.SkipListeners];
        _readTimeout = definition.ReadTimeout;
        _faultRules = definition.FaultTolerance is { } faultTolerance ? new FaultRules(faultTolerance) : null;
    }

    /// <summary>The number of items read per chunk.</summary>
    public int ChunkSize => _chunkSize;

    /// <summary>Whether the step retries and skips failures (<see cref="ChunkStepBuilder{TIn, TOut}.FaultTolerant"/>).</summary>
    public bool IsFaultTolerant => _faultRules is not null;

    /// <summary>How long the reader may take to produce one item, or null for no limit.</summary>
    public TimeSpan? ReadTimeout => _readTimeout;

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        _chunkListeners = JobRuntime.Around(context.Runtime.ChunkListenerArray, _ownChunkListeners);
        var reader = _readerFactory(context);
        var processor = _processorFactory?.Invoke(context);
        var writer = _writerFactory(context);
        var streams = new ItemStreams([reader, processor, writer, .. _streams]);
        await streams.OpenAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
        var succeeded = false;
        using var calls = new ItemCalls<TIn, TOut>(
            Name, _readListeners, _processListeners, _writeListeners, _readTimeout, Timeout is not null, context.Runtime.TimeProvider, cancellationToken);
        try
        {
            await using var session = await context.Runtime.Repository.OpenChunkSessionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            var checkpointer = new Checkpointer(stepExecution, session, streams);
            if (_faultRules is not null)
            {
                var loop = new FaultTolerantLoop(this, stepExecution, context, reader, processor, writer, calls, checkpointer);
                await loop.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RunChunksAsync(stepExecution, reader, processor, writer, calls, checkpointer, cancellationToken).ConfigureAwait(false);
            }

            succeeded = true;
        }
        finally
        {
            await streams.CloseAsync(stepExecution, succeeded).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads, processes, writes and commits chunk after chunk until the input ends. The whole loop is one async
    /// method, so when a writer's call is really pending only this one state machine waits for it: nothing is
    /// rented or chained per chunk.
    /// </summary>
    private async Task RunChunksAsync(
        StepExecution stepExecution,
        IItemReader<TIn> reader,
        IItemProcessor<TIn, TOut>? processor,
        IItemWriter<TOut> writer,
        ItemCalls<TIn, TOut> calls,
        Checkpointer checkpointer,
        CancellationToken cancellationToken)
    {
        var chunk = new Chunk<TOut>(_chunkSize);
        var endOfInput = false;
        while (!endOfInput)
        {
            StopSignal.ThrowIfRequested(stepExecution, cancellationToken);
            checkpointer.StartChunk();
            Repository.IChunkTransaction? transaction = null;
            var committed = false;
            try
            {
                for (var i = 0; i < _chunkListeners.Length; i++)
                {
                    await _chunkListeners[i].BeforeChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
                }

                chunk.Clear();
                var (read, filtered, end) = calls.IsPlain
                    ? await FillPlainAsync(reader, processor, chunk, cancellationToken).ConfigureAwait(false)
                    : await FillAsync(reader, processor, calls, chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                endOfInput = end;
                transaction = await checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.Count > 0)
                {
                    chunk.Transaction = transaction;
                    await calls.WriteAsync(writer, chunk, cancellationToken).ConfigureAwait(false);
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
    }
}
