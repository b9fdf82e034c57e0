using Batch.Internal;
using Batch.Jobs;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>A step that calls a tasklet until it reports <see cref="RepeatStatus.Finished"/>; each call commits as one transaction.</summary>
public sealed class TaskletStep : StepBase
{
    private readonly Func<StepContext, ITasklet> _taskletFactory;
    private readonly IChunkListener[] _ownChunkListeners;
    private IChunkListener[] _chunkListeners; // the runtime's (DI) listeners around the step's own: set as an execution starts

    /// <summary>Creates a tasklet step. Prefer <see cref="StepBuilder.Tasklet(ITasklet)"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="taskletFactory">Creates the tasklet for each step execution.</param>
    /// <param name="options">Restart options and listeners.</param>
    public TaskletStep(string name, Func<StepContext, ITasklet> taskletFactory, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(taskletFactory);
        _taskletFactory = taskletFactory;
        _chunkListeners = _ownChunkListeners = [.. options.ChunkListeners];
    }

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        _chunkListeners = JobRuntime.Around(context.Runtime.ChunkListenerArray, _ownChunkListeners);
        var tasklet = _taskletFactory(context);
        var streams = new ItemStreams([tasklet]);
        await streams.OpenAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
        var succeeded = false;
        try
        {
            await using var session = await context.Runtime.Repository.OpenChunkSessionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            var checkpointer = new Checkpointer(stepExecution, session, streams);
            var call = new TaskletContext(context);
            var status = RepeatStatus.Continuable;
            while (status == RepeatStatus.Continuable)
            {
                StopSignal.ThrowIfRequested(stepExecution, cancellationToken);
                checkpointer.StartChunk();
                foreach (var listener in _chunkListeners)
                {
                    await listener.BeforeChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
                }

                var transaction = await checkpointer.BeginAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    call.Transaction = transaction;
                    status = await tasklet.ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
                    await checkpointer.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    await checkpointer.RollbackAsync(transaction).ConfigureAwait(false);
                    await ChunkListeners.ErrorAsync(_chunkListeners, stepExecution, ex).ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }

                for (var i = _chunkListeners.Length - 1; i >= 0; i--)
                {
                    await _chunkListeners[i].AfterChunkAsync(stepExecution, cancellationToken).ConfigureAwait(false);
                }
            }

            succeeded = true;
        }
        finally
        {
            await streams.CloseAsync(stepExecution, succeeded).ConfigureAwait(false);
        }
    }
}
