using Batch.Faults;
using Batch.Items;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>Builds a <see cref="ChunkStep{TIn, TOut}"/>: reader, optional processor, writer, listeners.</summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
/// <remarks>
/// Readers and writers hold state. Give a factory (<c>ctx =&gt; new MyReader(...)</c>) so that each step
/// execution gets its own; an instance passed directly is shared by every execution of the step.
/// </remarks>
public sealed class ChunkStepBuilder<TIn, TOut> : StepBuilderBase<ChunkStepBuilder<TIn, TOut>>
{
    private readonly ChunkStepDefinition<TIn, TOut> _definition;

    internal ChunkStepBuilder(StepBuilder parent, int chunkSize, Func<StepContext, int>? chunkSizeFunction = null)
        : base(parent)
    {
        _definition = new ChunkStepDefinition<TIn, TOut> { ChunkSize = chunkSize, ChunkSizeFunction = chunkSizeFunction };
    }

    /// <summary>Uses one reader instance for every execution of the step.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Reader(IItemReader<TIn> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _definition.Reader = _ => reader;
        return this;
    }

    /// <summary>Creates a reader for each step execution (it can read the job parameters).</summary>
    /// <param name="factory">The factory.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Reader(Func<StepContext, IItemReader<TIn>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _definition.Reader = factory;
        return this;
    }

    /// <summary>Uses one processor instance for every execution of the step.</summary>
    /// <param name="processor">The processor.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Processor(IItemProcessor<TIn, TOut> processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        _definition.Processor = _ => processor;
        return this;
    }

    /// <summary>Creates a processor for each step execution.</summary>
    /// <param name="factory">The factory.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Processor(Func<StepContext, IItemProcessor<TIn, TOut>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _definition.Processor = factory;
        return this;
    }

    /// <summary>Processes with a delegate; return <see cref="ItemResult{T}.None"/> to filter an item out.</summary>
    /// <param name="process">The function.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Processor(Func<TIn, CancellationToken, ValueTask<ItemResult<TOut>>> process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var processor = new DelegateProcessor(process);
        _definition.Processor = _ => processor;
        return this;
    }

    /// <summary>Uses one writer instance for every execution of the step.</summary>
    /// <param name="writer">The writer.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Writer(IItemWriter<TOut> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _definition.Writer = _ => writer;
        return this;
    }

    /// <summary>Creates a writer for each step execution.</summary>
    /// <param name="factory">The factory.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Writer(Func<StepContext, IItemWriter<TOut>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _definition.Writer = factory;
        return this;
    }

    /// <summary>Adds a stream to open, update and close with the step (readers, processors and writers that are streams are added automatically).</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Stream(IItemStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _definition.Streams.Add(stream);
        return this;
    }

    /// <summary>
    /// Adds a listener: any of <see cref="IStepExecutionListener"/>, <see cref="IChunkListener"/>,
    /// <see cref="IItemReadListener{T}"/>, <see cref="IItemProcessListener{TIn, TOut}"/> and
    /// <see cref="IItemWriteListener{T}"/> and <see cref="ISkipListener{TIn, TOut}"/> that the object implements.
    /// </summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public override ChunkStepBuilder<TIn, TOut> Listener(object listener)
    {
        var matched = StepListenerRegistration.Register(Parent.Options, listener, requireMatch: false);
        if (listener is IItemReadListener<TIn> read)
        {
            _definition.ReadListeners.Add(read);
            matched = true;
        }

        if (listener is IItemProcessListener<TIn, TOut> process)
        {
            _definition.ProcessListeners.Add(process);
            matched = true;
        }

        if (listener is IItemWriteListener<TOut> write)
        {
            _definition.WriteListeners.Add(write);
            matched = true;
        }

        if (listener is ISkipListener<TIn, TOut> skip)
        {
            _definition.SkipListeners.Add(skip);
            matched = true;
        }

        if (!matched)
        {
            StepListenerRegistration.Register(Parent.Options, listener, requireMatch: true);
        }

        return this;
    }

    /// <summary>
    /// Fails the step when the reader takes longer than <paramref name="timeout"/> to produce one item. When it expires the step
    /// fails with a message naming the timeout, and restarts from its last committed chunk; the wait is cut even if the reader
    /// ignores its cancellation token.
    /// </summary>
    /// <param name="timeout">The longest one read may take (positive).</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> ReadTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _definition.ReadTimeout = timeout;
        return this;
    }

    /// <summary>
    /// Makes the step multi-threaded: up to <paramref name="threads"/> chunks are read and processed at once (the processor
    /// runs on several threads), while the oldest is written; chunks are written and committed one at a time, in the order
    /// they were read. The reader and writer are never called concurrently, so they need not be thread-safe; the processor
    /// (and process listeners) must be. A restart neither loses nor repeats an item: the committed chunks are always a
    /// prefix of the input and the saved position is the reader's just after the last committed chunk. Each chunk's reading
    /// must end within the fetch timeout (<see cref="FetchTimeout"/>, 60 s unless set).
    /// </summary>
    /// <param name="threads">How many chunks are read and processed at once (at least 1; 1 is the plain step).</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Combines with <see cref="FaultTolerant"/>: reads and process calls that fail are skipped or retried while chunks are filled,
    /// writes are retried and scanned item by item as in the plain fault-tolerant step, and the skip limit counts every chunk.
    /// </remarks>
    public ChunkStepBuilder<TIn, TOut> Threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _definition.Threads = threads;
        return this;
    }

    /// <summary>
    /// Processes up to <paramref name="maxConcurrency"/> items of a chunk at once — for a processor that waits on another
    /// service — and writes them in the order they were read. The processor (and process listeners) must be thread-safe.
    /// A process call that completes synchronously costs nothing extra. When one item fails, the calls already started
    /// are awaited and the chunk fails with the first failure in item order.
    /// </summary>
    /// <param name="maxConcurrency">How many process calls may be pending at once (at least 1; 1 processes one after another).</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Combines with <see cref="FaultTolerant"/>: reads and process calls that fail are skipped or retried while chunks are filled,
    /// writes are retried and scanned item by item as in the plain fault-tolerant step, and the skip limit counts every chunk.
    /// </remarks>
    public ChunkStepBuilder<TIn, TOut> ProcessConcurrently(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _definition.ProcessConcurrency = maxConcurrency;
        return this;
    }

    /// <summary>
    /// Reads (and processes) the next chunk while the current one is written, without changing what a restart resumes from:
    /// the position saved with each commit is the reader's just after that chunk's last read. Each chunk's reading must end
    /// within the fetch timeout (<see cref="FetchTimeout"/>, 60 s unless set — seed 001's data-query timeout).
    /// </summary>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Combines with <see cref="FaultTolerant"/>: reads and process calls that fail are skipped or retried while chunks are filled,
    /// writes are retried and scanned item by item as in the plain fault-tolerant step, and the skip limit counts every chunk.
    /// </remarks>
    public ChunkStepBuilder<TIn, TOut> ReadAhead()
    {
        _definition.ReadAhead = true;
        return this;
    }

    /// <summary>
    /// Fails the step when reading one chunk's items (a fetch of chunk-size records) takes longer than <paramref name="timeout"/>,
    /// beside the per-item <see cref="ReadTimeout"/>. The wait is cut even if the reader ignores its cancellation token; the step
    /// fails with a message naming the timeout and restarts from its last committed chunk. Read-ahead and multi-threaded steps
    /// have 60 s unless set; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> removes the limit.
    /// </summary>
    /// <param name="timeout">The longest the reading of one chunk may take (positive, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>).</param>
    /// <returns>This builder.</returns>
    /// <remarks>
    /// Combines with <see cref="FaultTolerant"/>: reads and process calls that fail are skipped or retried while chunks are filled,
    /// writes are retried and scanned item by item as in the plain fault-tolerant step, and the skip limit counts every chunk.
    /// </remarks>
    public ChunkStepBuilder<TIn, TOut> FetchTimeout(TimeSpan timeout)
    {
        _definition.FetchTimeout = PositiveOrInfinite(timeout);
        return this;
    }

    /// <summary>
    /// Tells the step how many items each execution has to do in all (those an earlier execution did included), so its progress log
    /// (<c>Batch.Progress</c>) gives a percentage and a projected end time. A reader that is <see cref="IItemCountable"/> needs none.
    /// </summary>
    /// <param name="total">Reads the total when the step starts (from the job parameters, a count query, …).</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> ExpectedItems(Func<StepContext, long> total)
    {
        ArgumentNullException.ThrowIfNull(total);
        _definition.ExpectedItems = total;
        return this;
    }

    /// <summary>How often this step logs its progress (instead of <c>BatchOptions.ProgressInterval</c>, five minutes by default).</summary>
    /// <param name="interval">The interval (positive), or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no progress log.</param>
    /// <returns>This builder.</returns>
    public ChunkStepBuilder<TIn, TOut> ProgressInterval(TimeSpan interval)
    {
        _definition.ProgressInterval = PositiveOrInfinite(interval);
        return this;
    }

    /// <summary>
    /// Makes the step fault tolerant: failures are retried and skipped instead of failing the step.
    /// By default business errors are skipped (up to 10) and transient faults retried (3 attempts);
    /// configure it further on the returned builder. Set the reader, processor and writer first.
    /// </summary>
    /// <returns>The fault-tolerant builder.</returns>
    public FaultTolerantChunkStepBuilder<TIn, TOut> FaultTolerant()
    {
        _definition.FaultTolerance ??= new FaultToleranceOptions();
        return new FaultTolerantChunkStepBuilder<TIn, TOut>(this, _definition.FaultTolerance);
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentException">The reader or writer is missing, or types need a processor; the message says which.</exception>
    public ChunkStep<TIn, TOut> Build() => new(Parent.Name, _definition, Parent.Options);

    private static TimeSpan PositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, name);
        }

        return value;
    }

    private sealed class DelegateProcessor(Func<TIn, CancellationToken, ValueTask<ItemResult<TOut>>> process) : IItemProcessor<TIn, TOut>
    {
        public ValueTask<ItemResult<TOut>> ProcessAsync(TIn item, CancellationToken cancellationToken) => process(item, cancellationToken);
    }
}
