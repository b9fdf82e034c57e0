using System.Runtime.CompilerServices;
using Batch.Engine;

namespace Batch.Steps;

/// <summary>The strategy of a tasklet step: each call of the tasklet is one chunk, in one transaction, committed with the checkpoint.</summary>
internal sealed class TaskletChunkStrategy(ITasklet tasklet, TaskletContext call, Checkpointer checkpointer) : IChunkStrategy
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
            await checkpointer.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
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
