using Batch.Engine;
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
/// <see cref="Faults.FaultToleranceOptions"/> say. The chunk size is fixed when the step is built
/// (<see cref="StepBuilder.Chunk{TIn, TOut}(int)"/>) or read from each run's parameters
/// (<see cref="StepBuilder.Chunk{TIn, TOut}(Func{StepContext, int})"/>).
/// </remarks>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
public sealed class ChunkStep<TIn, TOut> : StepBase
{
    private readonly int _chunkSize;
    private readonly Func<StepContext, int>? _chunkSizeFunction;
    private readonly Func<StepContext, IItemReader<TIn>> _readerFactory;
    private readonly Func<StepContext, IItemProcessor<TIn, TOut>>? _processorFactory;
    private readonly Func<StepContext, IItemWriter<TOut>> _writerFactory;
    private readonly IItemStream[] _streams;
    private readonly IChunkListener[] _chunkListeners;
    private readonly IItemReadListener<TIn>[] _readListeners;
    private readonly IItemProcessListener<TIn, TOut>[] _processListeners;
    private readonly IItemWriteListener<TOut>[] _writeListeners;
    private readonly ISkipListener<TIn, TOut>[] _skipListeners;
    private readonly TimeSpan? _readTimeout;
    private readonly FaultRules? _faultRules;
    private readonly int _threads;
    private readonly PipelineSettings? _pipeline;
    private readonly Func<StepContext, long>? _expectedItems;
    private readonly TimeSpan? _progressInterval;

    /// <summary>Creates a chunk step (see <see cref="StepBuilder.Chunk{TIn, TOut}(int)"/>).</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="definition">The reader, processor, writer and listeners.</param>
    /// <param name="options">Restart options and step/chunk listeners.</param>
    internal ChunkStep(string name, ChunkStepDefinition<TIn, TOut> definition, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ChunkSizeFunction is null && definition.ChunkSize < 1)
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
        _chunkSizeFunction = definition.ChunkSizeFunction;
        _streams = [.. definition.Streams];
        _chunkListeners = [.. options.ChunkListeners];
        _readListeners = [.. definition.ReadListeners];
        _processListeners = [.. definition.ProcessListeners];
        _writeListeners = [.. definition.WriteListeners];
        _skipListeners = [.. definition.SkipListeners];
        _readTimeout = definition.ReadTimeout;
        _faultRules = definition.FaultTolerance is { } faultTolerance ? new FaultRules(faultTolerance) : null;
        _expectedItems = definition.ExpectedItems;
        _progressInterval = definition.ProgressInterval;
        _threads = definition.Threads;
        _pipeline = definition.IsPipelined
            ? PipelineSettings.For(
                definition.Threads,
                definition.ReadAhead,
                definition.ProcessConcurrency,
                definition.FetchTimeout == System.Threading.Timeout.InfiniteTimeSpan ? null
                    : definition.FetchTimeout ?? (definition.Threads > 1 || definition.ReadAhead ? DefaultFetchTimeout : null))
            : null;
    }

    /// <summary>The fetch timeout of read-ahead and multi-threaded steps unless set: seed 001's default data-query timeout.</summary>
    public static TimeSpan DefaultFetchTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>How many chunks are read and processed at once (1 unless <see cref="ChunkStepBuilder{TIn, TOut}.Threads"/>).</summary>
    public int Threads => _threads;

    /// <summary>How many items of one chunk are processed at once (1 unless <see cref="ChunkStepBuilder{TIn, TOut}.ProcessConcurrently"/>).</summary>
    public int ProcessConcurrency => _pipeline?.ProcessConcurrency ?? 1;

    /// <summary>Whether the next chunk is read while the current one is written (read-ahead, or a multi-threaded step).</summary>
    public bool ReadsAhead => _pipeline is { AheadWhileWriting: > 0 };

    /// <summary>How long reading one chunk's items may take, or null for no limit.</summary>
    public TimeSpan? FetchTimeout => _pipeline?.FetchTimeout;

    /// <summary>The number of items read per chunk, or null when each run reads it from its parameters (<see cref="StepBuilder.Chunk{TIn, TOut}(Func{StepContext, int})"/>).</summary>
    public int? ChunkSize => _chunkSizeFunction is null ? _chunkSize : null;

    /// <summary>Whether the step retries and skips failures (<see cref="ChunkStepBuilder{TIn, TOut}.FaultTolerant"/>).</summary>
    public bool IsFaultTolerant => _faultRules is not null;

    /// <summary>How long the reader may take to produce one item, or null for no limit.</summary>
    public TimeSpan? ReadTimeout => _readTimeout;

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        ArgumentNullException.ThrowIfNull(context);
        var chunkSize = ChunkSizeFor(context);
        var chunkListeners = JobRuntime.Around(context.Runtime.ChunkListenerArray, _chunkListeners);
        var reader = _readerFactory(context);
        var processor = _processorFactory?.Invoke(context);
        var writer = _writerFactory(context);
        var readerStreams = _pipeline is null ? null : new ItemStreams([reader]);
        var otherStreams = readerStreams is null ? null : new ItemStreams([processor, writer, .. _streams], readerStreams);
        var streams = new ItemStreams([reader, processor, writer, .. _streams]);
        var succeeded = false;
        using var calls = new ItemCalls<TIn, TOut>(
            Name, _readListeners, _processListeners, _writeListeners, _readTimeout, Timeout is not null, context.Runtime.TimeProvider, cancellationToken);
        try
        {
            await streams.OpenAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
            if (reader is IItemCountRestartable countRestartable && stepExecution.ItemsConsumedBefore is > 0 and var consumed)
            {
                await countRestartable.SkipConsumedAsync(consumed, cancellationToken).ConfigureAwait(false);
            }

            var total = _expectedItems is not null ? _expectedItems(context)
                : reader is IItemCountable countable ? await countable.CountItemsAsync(cancellationToken).ConfigureAwait(false)
                : null;
            stepExecution.ExpectedItems = total;
            await using var progress = await StepProgress.StartAsync(
                stepExecution, context.Runtime, total, _progressInterval ?? context.Runtime.ProgressInterval, cancellationToken).ConfigureAwait(false);
            await using var session = await context.Runtime.Repository.OpenChunkSessionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            // A pipelined step records the reader's position when a chunk's reading ends, not at its commit (the reader is
            // ahead by then), so its checkpoints update only the other streams.
            var checkpointer = new Checkpointer(stepExecution, session, otherStreams ?? streams);
            var faultTolerant = _faultRules is null ? null : new FaultTolerantChunkStrategy<TIn, TOut>(
                Name, stepExecution, context.Runtime, _faultRules, chunkSize, reader, processor, writer, calls, checkpointer, _skipListeners);
            IChunkStrategy strategy = _pipeline is { } pipeline
                ? new PipelinedChunkStrategy<TIn, TOut>(
                    Name, stepExecution, chunkSize, reader, processor, writer, calls, checkpointer, readerStreams!, pipeline, context.Runtime.TimeProvider, faultTolerant,
                    cancellationToken)
                : faultTolerant
                ?? (IChunkStrategy)new ItemChunkStrategy<TIn, TOut>(
                    stepExecution, new ChunkFiller<TIn, TOut>(chunkSize, reader, processor, calls, null), writer, calls, checkpointer);
            try
            {
                await ChunkDriver.RunAsync(stepExecution, strategy, checkpointer, chunkListeners, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (strategy is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
            }

            succeeded = true;
        }
        finally
        {
            await streams.CloseAsync(stepExecution, succeeded).ConfigureAwait(false);
        }
    }

    /// <summary>The chunk size of this execution: the fixed one, or the one the step's function reads from the run's settings.</summary>
    private int ChunkSizeFor(StepContext context)
    {
        if (_chunkSizeFunction is null)
        {
            return _chunkSize;
        }

        var size = _chunkSizeFunction(context);
        if (size < 1)
        {
            throw new BatchException(
                $"The chunk size of step '{Name}' came out as {size} for this run; it must be at least 1. " +
                "Check the job parameter (or setting) its chunk-size function reads, and restart.");
        }

        return size;
    }
}
