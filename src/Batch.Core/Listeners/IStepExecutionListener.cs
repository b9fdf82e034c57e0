namespace Batch.Listeners;

/// <summary>Called around a step execution. Implement only the methods you need.</summary>
/// <remarks><c>Before</c> methods run in registration order, <c>After</c> methods in reverse order. An exception from a listener fails the step.</remarks>
public interface IStepExecutionListener
{
    /// <summary>Called before the step does any work.</summary>
    /// <param name="stepExecution">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after the step ended, whatever its status; it may change <see cref="Entity.ExitStatus"/>.</summary>
    /// <param name="stepExecution">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
