using Batch.Items;

namespace Batch.Engine;

/// <summary>
/// What a pipelined step (<see cref="PipelinedChunkStrategy{TIn, TOut}"/>) that is fault tolerant uses of this strategy: the
/// skip decisions while its chunks are filled in the background, and the write side (retries, the item-by-item scan, the
/// skip report) for each filled chunk, in the foreground.
/// </summary>
internal sealed partial class FaultTolerantChunkStrategy<TIn, TOut>
{
    private BatchExecutionContext? _readerPosition;

    /// <summary>The step's retry and skip decisions (thread-safe).</summary>
    internal FaultPolicy Policy => _policy;

    /// <summary>
    /// The skips committed so far by this and earlier executions of the step. Read by fill threads while the foreground
    /// commits, so it can be one chunk stale: a chunk's skips are checked against the limit again when it commits.
    /// </summary>
    internal long CommittedSkips => _earlierSkips + _execution.SkipCount;

    /// <summary>The position of a record that could not be read: the malformed record's own, else the reader's.</summary>
    internal string? ReadPosition(Exception exception) => PositionOf(exception);

    /// <summary>
    /// Writes and commits a chunk filled in the background, with its read and process skips, as <see cref="RunChunkAsync"/>
    /// does for a chunk it filled itself: whole-chunk attempts with retry, then the scan; the reader's position recorded when the
    /// chunk's reading ended is committed with it; the skips are reported once it committed.
    /// </summary>
    /// <exception cref="SkipLimitExceededException">The chunk's skips, added to those committed before it, exceed the skip limit.</exception>
    internal async ValueTask CommitFilledAsync(
        Chunk<TOut> output, ChunkTally tally, List<SkippedItem<TIn, TOut>> skipped, BatchExecutionContext readerPosition, CancellationToken cancellationToken)
    {
        _chunk.Clear();
        foreach (var item in output)
        {
            _chunk.Add(item);
        }

        _skipped.Clear();
        _skipped.AddRange(skipped);
        _tally = tally;
        if (_tally.Skips > 0 && SkipsSoFar > 0)
        {
            // Chunks filled side by side each checked the limit against the skips committed before them: check their sum now.
            var last = _skipped[^1];
            _policy.CheckSkipLimit(SkipsSoFar - 1, last.Exception, last.Position);
        }

        _readerPosition = readerPosition;
        try
        {
            await WriteAndCommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _readerPosition = null;
        }

        await ReportSkipsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The malformed record's own position (never the reader's: in a pipelined step the reader is ahead of the item).</summary>
    internal static string? MalformedPosition(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is MalformedItemException { Position: { } position })
            {
                return position;
            }
        }

        return null;
    }
}
