using Batch.Engine;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Jobs;

/// <summary>
/// What a running job can use: its execution, the services, the clock, logging, and <see cref="RunStepAsync(IStep, CancellationToken)"/>,
/// which runs one of its steps with the restart rules. The engine creates one per job execution.
/// </summary>
public sealed class JobContext
{
    internal JobContext(JobExecution jobExecution, JobRuntime runtime)
    {
        JobExecution = jobExecution;
        Runtime = runtime;
    }

    /// <summary>The job execution being run.</summary>
    public JobExecution JobExecution { get; }

    /// <summary>The job's parameters.</summary>
    public JobParameters JobParameters => JobExecution.JobParameters;

    /// <summary>The job's context, shared by its steps (restored on restart).</summary>
    public BatchExecutionContext ExecutionContext => JobExecution.ExecutionContext;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => Runtime.Services;

    /// <summary>The clock every timestamp, duration and timeout of the run is measured with.</summary>
    public TimeProvider TimeProvider => Runtime.TimeProvider;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory => Runtime.LoggerFactory;

    internal JobRuntime Runtime { get; }

    /// <summary>
    /// Runs one step of this job execution with the restart rules: a step that completed in an earlier execution of
    /// the instance is not run again (its earlier execution is returned) unless it allows start if complete, a step
    /// past its start limit is refused, and a step that failed or stopped resumes from its last committed context.
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="cancellationToken">Cancelled to stop the step at a chunk boundary.</param>
    /// <returns>The step execution that ran, or the earlier completed one when the step was skipped.</returns>
    /// <exception cref="StartLimitExceededException">The step has been started as often as its start limit allows.</exception>
    /// <exception cref="JobRestartException">The step's last execution is in state UNKNOWN.</exception>
    public Task<StepExecution> RunStepAsync(IStep step, CancellationToken cancellationToken) =>
        StepHandler.HandleAsync(step, JobExecution, Runtime, null, cancellationToken);
}
