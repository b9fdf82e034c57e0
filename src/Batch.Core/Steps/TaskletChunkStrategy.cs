using System.Runtime.CompilerServices;
using Batch.Engine;

namespace Batch.Steps;

/// <summary>
/// The strategy of a tasklet step: each call of the tasklet is one chunk, in one transaction, committed with the checkpoint.
/// Given <paramref name="endWithLastCommit"/>, the call that reports <see cref="RepeatStatus.Finished"/> commits the step's end with it.
/// </summary>
internal sealed class TaskletChunkStrategy(ITasklet tasklet, TaskletContext call, Checkpointer checkpointer, JobRuntime? endWithLastCommit) : IChunkStrategy
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ChunkOutcome> RunChunkAsync(CancellationToken cancellationToken)
    {
        var transaction = await checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
        RepeatStatus status;
        try
        {
            call.Transaction = transaction;
            status = await tasklet.ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
            if (status == RepeatStatus.Finished && endWithLastCommit is not null)
            {
                await checkpointer.CommitLastAsync(transaction, endWithLastCommit.Now(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await checkpointer.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            await checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
            throw;
        }
        finally
        {
            call.Transaction = null!;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        return status == RepeatStatus.Continuable ? ChunkOutcome.More : ChunkOutcome.Last;
    }
}
