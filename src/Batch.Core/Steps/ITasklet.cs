namespace Batch.Steps;

/// <summary>One unit of work, called until it reports <see cref="RepeatStatus.Finished"/>. Each call runs in its own transaction.</summary>
public interface ITasklet
{
    /// <summary>Does one piece of the work.</summary>
    /// <param name="context">The step execution, its context and the call's transaction.</param>
    /// <param name="cancellationToken">Cancelled when the step is asked to stop.</param>
    /// <returns>Whether to call again.</returns>
    ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken);
}
