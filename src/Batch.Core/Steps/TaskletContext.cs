using Batch.Repository;

namespace Batch.Steps;

/// <summary>What a tasklet call sees.</summary>
public sealed class TaskletContext
{
    internal TaskletContext(StepContext step)
    {
        Step = step;
    }

    /// <summary>The step's scope: execution, parameters, services.</summary>
    public StepContext Step { get; }

    /// <summary>The step execution.</summary>
    public StepExecution StepExecution => Step.StepExecution;

    /// <summary>The job's parameters.</summary>
    public JobParameters JobParameters => Step.JobParameters;

    /// <summary>The parameters this step runs with (see <see cref="StepContext.Parameters"/>).</summary>
    public JobParameters Parameters => Step.Parameters;

    /// <summary>The step's context (restored on restart; saved with each call's commit).</summary>
    public BatchExecutionContext ExecutionContext => Step.ExecutionContext;

    /// <summary>The transaction of this call: work done through it commits with the step's checkpoint.</summary>
    public IChunkTransaction Transaction { get; internal set; } = null!;
}
