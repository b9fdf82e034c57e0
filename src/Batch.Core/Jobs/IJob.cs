namespace Batch.Jobs;

/// <summary>A named flow of steps. Build jobs with <see cref="JobBuilder"/>.</summary>
public interface IJob
{
    /// <summary>The job's name (what <c>run &lt;job&gt;</c> takes).</summary>
    string Name { get; }

    /// <summary>Whether an instance that failed or stopped may run again. Default true.</summary>
    bool Restartable { get; }

    /// <summary>Makes the parameters of the next instance from the last one's (for <c>next</c>), or null.</summary>
    IJobParametersIncrementer? Incrementer { get; }

    /// <summary>Checks the parameters before an execution is created, or null.</summary>
    IJobParametersValidator? Validator { get; }

    /// <summary>
    /// The job's launch group and how many of its executions may be live at once (<see cref="JobBuilder.MaxLiveExecutions"/>,
    /// <see cref="JobBuilder.LaunchGroup"/>), or null for no limit beyond one live execution per instance.
    /// </summary>
    Launch.LaunchLimit? LaunchLimit => null;

    /// <summary>
    /// Runs the job. Never throws for a failure of the work: the outcome is recorded on the execution
    /// and saved in the repository.
    /// </summary>
    /// <param name="context">The execution (created by the repository) and the services.</param>
    /// <param name="cancellationToken">Cancelled to stop the job at a chunk boundary (it ends STOPPED).</param>
    /// <returns>A task that completes when the job has ended.</returns>
    Task ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}
