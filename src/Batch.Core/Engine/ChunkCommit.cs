using System.Runtime.CompilerServices;
using Batch.Items;

namespace Batch.Engine;

/// <summary>The end of a filled chunk in the item strategies without fault tolerance: write it in the chunk's transaction, count it, commit its checkpoint.</summary>
internal static class ChunkCommit
{
    /// <summary>
    /// Writes <paramref name="chunk"/> in a new chunk transaction, adds the chunk's counts to the execution, puts the reader's
    /// position (when the strategy recorded it apart) into its context and commits; any failure rolls the chunk back and is thrown.
    /// Returns <paramref name="outcome"/> once committed, so that a strategy can hand this method's task on as its own instead of
    /// awaiting it in an asynchronous method of its own (one state machine less per chunk).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ChunkOutcome> WriteAndCommitAsync<TIn, TOut>(
        StepExecution execution,
        Checkpointer checkpointer,
        ItemCalls<TIn, TOut> calls,
        IItemWriter<TOut> writer,
        Chunk<TOut> chunk,
        ChunkFill fill,
        BatchExecutionContext? readerPosition,
        ChunkOutcome outcome,
        CancellationToken cancellationToken)
    {
        var transaction = await checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (chunk.Count > 0)
            {
                chunk.Transaction = transaction;
                await calls.WriteAsync(writer, chunk, cancellationToken).ConfigureAwait(false);
            }

            execution.ReadCount += fill.Read;
            execution.FilterCount += fill.Filtered;
            execution.WriteCount += chunk.Count;
            if (readerPosition is not null)
            {
                execution.ExecutionContext.PutAll(readerPosition);
            }

            // The checkpointer's commit in its parts, awaited here: one asynchronous method less per chunk.
            await checkpointer.UpdateStreamsAsync(cancellationToken).ConfigureAwait(false);
            var commit = checkpointer.StartCommit();
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            checkpointer.EndCommit(commit);
            return outcome;
        }
        catch (Exception)
        {
            await checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }
        finally
        {
            chunk.Transaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }
}
