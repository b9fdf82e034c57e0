using Batch.Faults;
using Batch.Items;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>What a chunk step is made of: its size, the factories of its reader, processor and writer, and its item listeners.</summary>
/// <typeparam name="TIn">The type read.</typeparam>
/// <typeparam name="TOut">The type written.</typeparam>
internal sealed class ChunkStepDefinition<TIn, TOut>
{
    /// <summary>How many items are read per chunk (the commit interval).</summary>
    public int ChunkSize { get; set; } = 100;

    /// <summary>Reads the chunk size of each execution from its context (job parameters), or null for the fixed <see cref="ChunkSize"/>.</summary>
    public Func<StepContext, int>? ChunkSizeFunction { get; set; }

    /// <summary>Creates the reader for each step execution.</summary>
    public Func<StepContext, IItemReader<TIn>>? Reader { get; set; }

    /// <summary>Creates the processor for each step execution; null means items pass unchanged (then <typeparamref name="TIn"/> must be <typeparamref name="TOut"/>).</summary>
    public Func<StepContext, IItemProcessor<TIn, TOut>>? Processor { get; set; }

    /// <summary>Creates the writer for each step execution.</summary>
    public Func<StepContext, IItemWriter<TOut>>? Writer { get; set; }

    /// <summary>More streams to open, update and close with the step.</summary>
    public IList<IItemStream> Streams { get; } = new List<IItemStream>();

    /// <summary>Read listeners, in order.</summary>
    public IList<IItemReadListener<TIn>> ReadListeners { get; } = new List<IItemReadListener<TIn>>();

    /// <summary>Process listeners, in order.</summary>
    public IList<IItemProcessListener<TIn, TOut>> ProcessListeners { get; } = new List<IItemProcessListener<TIn, TOut>>();

    /// <summary>Write listeners, in order.</summary>
    public IList<IItemWriteListener<TOut>> WriteListeners { get; } = new List<IItemWriteListener<TOut>>();

    /// <summary>Skip listeners, in order (called only by a fault-tolerant step).</summary>
    public IList<ISkipListener<TIn, TOut>> SkipListeners { get; } = new List<ISkipListener<TIn, TOut>>();

    /// <summary>
    /// How long the reader may take to produce one item, or null (the default) for no limit. When it expires
    /// the step fails with a message naming the timeout, and restarts from its last committed chunk. The wait
    /// is cut even if the reader ignores its cancellation token.
    /// </summary>
    public TimeSpan? ReadTimeout { get; set; }

    /// <summary>How many chunks are read and processed at once (1: the plain step).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>How many items of one chunk are processed at once (1: one after another).</summary>
    public int ProcessConcurrency { get; set; } = 1;

    /// <summary>Whether the next chunk is read while the current one is processed and written.</summary>
    public bool ReadAhead { get; set; }

    /// <summary>How long reading one chunk's items may take; null for the default (60 s for read-ahead and multi-threaded steps, no limit otherwise); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan? FetchTimeout { get; set; }

    /// <summary>Whether the step overlaps its work (threads, read-ahead, concurrent processing or a fetch timeout), so it runs on the pipelined strategy.</summary>
    public bool IsPipelined => Threads > 1 || ProcessConcurrency > 1 || ReadAhead || FetchTimeout is not null;

    /// <summary>The total number of items of each execution, for the progress log, or null (a reader that counts, or no total).</summary>
    public Func<StepContext, long>? ExpectedItems { get; set; }

    /// <summary>How often the step logs its progress, or null for the launcher's <c>BatchOptions.ProgressInterval</c>.</summary>
    public TimeSpan? ProgressInterval { get; set; }

    /// <summary>Retry and skip settings, or null (the default) for a step that fails on the first error.</summary>
    public FaultToleranceOptions? FaultTolerance { get; set; }
}
