namespace Batch.Steps;

/// <summary>One step of a job. Build steps with <see cref="StepBuilder"/>.</summary>
public interface IStep
{
    /// <summary>The step's name, unique within its job.</summary>
    string Name { get; }

    /// <summary>Whether the step runs again when its job instance restarts although it already completed.</summary>
    bool AllowStartIfComplete { get; }

    /// <summary>How many times the step may be started within one job instance.</summary>
    int StartLimit { get; }

    /// <summary>
    /// Runs the step. Never throws for a failure of the work: the outcome is recorded in
    /// <see cref="Entity.Status"/> and <see cref="Entity.ExitStatus"/> and saved in the repository.
    /// </summary>
    /// <param name="context">The execution (already saved; a job saves it as STARTED with its start time, so a step need not save it again before it works) and the services.</param>
    /// <param name="cancellationToken">Cancelled to stop the step at a chunk boundary (it ends STOPPED).</param>
    /// <returns>A task that completes when the step has ended.</returns>
    Task ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
