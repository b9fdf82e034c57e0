namespace Batch.Engine;

/// <summary>What one chunk of a step did, as the chunk driver needs to know it.</summary>
internal enum ChunkOutcome
{
    /// <summary>The chunk committed and more input may follow.</summary>
    More,

    /// <summary>The chunk committed and it was the last one (the input ended, or the tasklet finished).</summary>
    Last,

    /// <summary>Nothing was left to read: no transaction was begun, nothing committed; the step ends.</summary>
    Empty,
}
