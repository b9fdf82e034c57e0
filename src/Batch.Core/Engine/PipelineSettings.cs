namespace Batch.Engine;

/// <summary>How a pipelined chunk step overlaps its work (see <see cref="PipelinedChunkStrategy{TIn, TOut}"/>).</summary>
/// <param name="AheadWhileFilling">How many later chunks are read and processed while the driver waits for the oldest chunk's fill (a multi-threaded step's threads less one; 1 for read-ahead).</param>
/// <param name="AheadWhileWriting">How many later chunks are read and processed while the oldest is written (a multi-threaded step's threads; 1 for read-ahead; 0 fills each chunk in the foreground).</param>
/// <param name="ProcessConcurrency">How many items of one chunk are processed at once (1: one after another).</param>
/// <param name="FetchTimeout">How long the reading of one chunk's items may take, or null for no limit.</param>
internal readonly record struct PipelineSettings(int AheadWhileFilling, int AheadWhileWriting, int ProcessConcurrency, TimeSpan? FetchTimeout)
{
    /// <summary>The settings of a step with <paramref name="threads"/> threads, read-ahead or not.</summary>
    public static PipelineSettings For(int threads, bool readAhead, int processConcurrency, TimeSpan? fetchTimeout)
    {
        var whileWriting = Math.Max(threads > 1 ? threads : 0, readAhead ? 1 : 0);
        var whileFilling = Math.Max(threads - 1, readAhead ? 1 : 0);
        return new PipelineSettings(whileFilling, whileWriting, processConcurrency, fetchTimeout);
    }
}
