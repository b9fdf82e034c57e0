namespace Batch.Flows;

/// <summary>
/// A decision in a flow, computed in code: it returns an outcome (an exit code such as <c>WEEKEND</c>) that
/// the flow's transitions match like a step's exit code. A decision records nothing in the job repository;
/// on a restart it is evaluated again, so keep it a function of the job execution and the step before it.
/// </summary>
/// <example>
/// <code>
/// sealed class WeekendDecider : IJobExecutionDecider
/// {
///     public ValueTask&lt;string&gt; DecideAsync(JobExecution job, StepExecution? step, CancellationToken ct) =&gt;
///         ValueTask.FromResult(job.JobParameters.GetDate("date").DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "WEEKEND" : "WEEKDAY");
/// }
/// </code>
/// </example>
public interface IJobExecutionDecider
{
    /// <summary>Decides where the flow goes next.</summary>
    /// <param name="jobExecution">The job execution.</param>
    /// <param name="stepExecution">The execution of the step that ran just before, or null when the decision comes first.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The outcome, matched against the decision's transitions; an outcome no transition matches fails the job.</returns>
    ValueTask<string> DecideAsync(JobExecution jobExecution, StepExecution? stepExecution, CancellationToken cancellationToken);
}
