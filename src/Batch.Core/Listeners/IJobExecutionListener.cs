namespace Batch.Listeners;

/// <summary>Called around a job execution. Implement only the methods you need.</summary>
/// <remarks><c>Before</c> methods run in registration order, <c>After</c> methods in reverse order. An exception from a listener fails the job.</remarks>
public interface IJobExecutionListener
{
    /// <summary>Called before the first step runs.</summary>
    /// <param name="jobExecution">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called after the job ended, whatever its status; it may change the exit status.</summary>
    /// <param name="jobExecution">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
