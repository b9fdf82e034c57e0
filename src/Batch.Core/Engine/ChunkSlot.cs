using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// One chunk in flight in a <see cref="PipelinedChunkStrategy{TIn, TOut}"/>: the items read for it, the reader's
/// position just after they were read (<see cref="ReaderPosition"/>), the processed items to write, and the tasks that
/// say when its read, and its whole fill, are done. Slots are reused from chunk to chunk.
/// </summary>
internal sealed class ChunkSlot<TIn, TOut>
{
    public ChunkSlot(int chunkSize, int processConcurrency, bool faultTolerant)
    {
        Items = new TIn[chunkSize];
        Output = new Chunk<TOut>(chunkSize);
        if (processConcurrency > 1)
        {
            Results = new ItemResult<TOut>[chunkSize];
            Pending = new PendingItem[Math.Min(processConcurrency, chunkSize)];
            Failures = faultTolerant ? new Exception?[chunkSize] : null;
        }

        Skipped = faultTolerant ? [] : null;
    }

    /// <summary>The items skipped while this chunk was filled, in read order (fault-tolerant steps).</summary>
    public List<SkippedItem<TIn, TOut>>? Skipped { get; }

    /// <summary>How many reads were skipped.</summary>
    public int ReadSkips { get; set; }

    /// <summary>How many items were skipped because they could not be processed.</summary>
    public int ProcessSkips { get; set; }

    /// <summary>The failure of each item's process call by index, when items are processed concurrently in a fault-tolerant step.</summary>
    public Exception?[]? Failures { get; }

    /// <summary>The items read for this chunk (the first <see cref="Read"/>).</summary>
    public TIn[] Items { get; }

    /// <summary>The processed items, in the order they were read, to be written.</summary>
    public Chunk<TOut> Output { get; }

    /// <summary>The processed results by item index, when items are processed concurrently.</summary>
    public ItemResult<TOut>[]? Results { get; }

    /// <summary>The window of pending process calls, when items are processed concurrently.</summary>
    public PendingItem[]? Pending { get; }

    /// <summary>What the reader streams wrote into a scratch context just after this chunk's last read: the restart position once it commits.</summary>
    public BatchExecutionContext ReaderPosition { get; } = new();

    /// <summary>How many items were read.</summary>
    public int Read { get; set; }

    /// <summary>How many items the processor filtered out.</summary>
    public int Filtered { get; set; }

    /// <summary>Whether the reader reported the end of its input while filling this chunk.</summary>
    public bool EndOfInput { get; set; }

    /// <summary>Whether this chunk's fetch ran past the fetch timeout (its fill may never complete).</summary>
    public bool FetchTimedOut { get; set; }

    /// <summary>
    /// Completes when this chunk's items are read and the reader's position is recorded (or failed, or timed out), with
    /// whether the input ended: the next chunk's read waits for it.
    /// </summary>
    public TaskCompletionSource<bool> ReadDone { get; private set; } = NewSignal();

    /// <summary>The whole fill: read, then processed.</summary>
    public Task Fill { get; set; } = Task.CompletedTask;

    /// <summary>Makes the slot ready for another chunk.</summary>
    public void Reset()
    {
        Read = 0;
        Filtered = 0;
        ReadSkips = 0;
        ProcessSkips = 0;
        Skipped?.Clear();
        if (Failures is not null)
        {
            Array.Clear(Failures, 0, Failures.Length);
        }

        EndOfInput = false;
        FetchTimedOut = false;
        Output.Clear();
        ReaderPosition.Clear();
        if (Results is not null)
        {
            Array.Clear(Results, 0, Results.Length);
        }

        Array.Clear(Items, 0, Items.Length);
        ReadDone = NewSignal();
        Fill = Task.CompletedTask;
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A process call that did not complete synchronously, and the index of its item.</summary>
    /// <param name="Index">The item's index in the chunk.</param>
    /// <param name="Task">The call.</param>
    internal readonly record struct PendingItem(int Index, Task<ItemResult<TOut>> Task);
}
