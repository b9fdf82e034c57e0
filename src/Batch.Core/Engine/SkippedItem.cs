namespace Batch.Engine;

/// <summary>The phase an item was skipped in.</summary>
internal enum SkipPhase
{
    Read,
    Process,
    Write,
}

/// <summary>An item skipped in the current chunk, reported to the log and the skip listeners once the chunk committed.</summary>
internal readonly record struct SkippedItem<TIn, TOut>(SkipPhase Phase, Exception Exception, string? Position, TIn? Input, TOut? Output)
{
    /// <summary>How the log names the item.</summary>
    public string Describe() => Phase switch
    {
        SkipPhase.Read => Position is null ? "a record it could not read" : $"the record at {Position}, which it could not read",
        SkipPhase.Process => Position is null ? $"item '{Input}', which it could not process" : $"item '{Input}' read at {Position}, which it could not process",
        _ => $"item '{Output}', which it could not write",
    };
}

/// <summary>The counts of the chunk in progress, applied to the step execution only when the chunk commits.</summary>
internal struct ChunkTally
{
    public long Read;
    public long Filtered;
    public long ReadSkips;
    public long ProcessSkips;
    public long WriteSkips;

    public readonly long Skips => ReadSkips + ProcessSkips + WriteSkips;
}
