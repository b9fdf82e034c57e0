using Batch.Engine;
using Microsoft.Extensions.Logging;

namespace Batch.Steps;

/// <summary>What a step-scoped factory (of a reader, processor, writer or tasklet) can use: the execution, its parameters and the services.</summary>
public sealed class StepContext
{
    internal StepContext(StepExecution stepExecution, JobRuntime runtime)
    {
        StepExecution = stepExecution;
        Runtime = runtime;
    }

    /// <summary>The step execution being run.</summary>
    public StepExecution StepExecution { get; }

    /// <summary>The job's parameters.</summary>
    public JobParameters JobParameters => StepExecution.JobParameters;

    /// <summary>
    /// The parameters this step runs with: a pre- or post-step's own (its builder's, overridden by job
    /// parameters named <c>pre.*</c> or <c>post.*</c>, prefix removed); for any other step, the job's.
    /// </summary>
    public JobParameters Parameters => StepExecution.StepParameters ?? StepExecution.JobParameters;

    /// <summary>The step's context (restored on restart).</summary>
    public BatchExecutionContext ExecutionContext => StepExecution.ExecutionContext;

    /// <summary>The job's context, shared by its steps. Not thread-safe: steps of parallel flows (a split) must not change it.</summary>
    public BatchExecutionContext JobExecutionContext => StepExecution.JobExecution.ExecutionContext;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => Runtime.Services;

    /// <summary>The clock every timestamp, duration and timeout of the run is measured with.</summary>
    public TimeProvider TimeProvider => Runtime.TimeProvider;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory => Runtime.LoggerFactory;

    internal JobRuntime Runtime { get; }
}
