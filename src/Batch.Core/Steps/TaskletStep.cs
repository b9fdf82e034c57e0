using Batch.Engine;
using Batch.Listeners;

namespace Batch.Steps;

/// <summary>A step that calls a tasklet until it reports <see cref="RepeatStatus.Finished"/>; each call commits as one transaction.</summary>
public sealed class TaskletStep : StepBase
{
    private readonly Func<StepContext, ITasklet> _taskletFactory;
    private readonly IChunkListener[] _chunkListeners;

    /// <summary>Creates a tasklet step. Prefer <see cref="StepBuilder.Tasklet(ITasklet)"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="taskletFactory">Creates the tasklet for each step execution.</param>
    /// <param name="options">Restart options and listeners.</param>
    public TaskletStep(string name, Func<StepContext, ITasklet> taskletFactory, StepOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(taskletFactory);
        _taskletFactory = taskletFactory;
        _chunkListeners = [.. options.ChunkListeners];
    }

    /// <inheritdoc />
    protected override async Task DoExecuteAsync(StepExecution stepExecution, StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        ArgumentNullException.ThrowIfNull(context);
        var chunkListeners = JobRuntime.Around(context.Runtime.ChunkListenerArray, _chunkListeners);
        var tasklet = _taskletFactory(context);
        var streams = new ItemStreams([tasklet]);
        var succeeded = false;
        try
        {
            await streams.OpenAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
            await using var session = await context.Runtime.Repository.OpenChunkSessionAsync(stepExecution, cancellationToken).ConfigureAwait(false);
            var checkpointer = new Checkpointer(stepExecution, session, streams);
            // With nothing to see or do between the last call's commit and the step's end (no listener, no stream), the
            // last commit saves the step's end too, where the repository can: one transaction less per tasklet step.
            var endsWithLastCommit = session.SavesStepEndWithLastChunk && chunkListeners.Length == 0 && streams.IsEmpty && !HasStepListeners(context.Runtime);
            var strategy = new TaskletChunkStrategy(tasklet, new TaskletContext(context), checkpointer, endsWithLastCommit ? context.Runtime : null);
            await ChunkDriver.RunAsync(stepExecution, strategy, checkpointer, chunkListeners, cancellationToken).ConfigureAwait(false);
            succeeded = true;
        }
        finally
        {
            await streams.CloseAsync(stepExecution, succeeded).ConfigureAwait(false);
        }
    }
}
