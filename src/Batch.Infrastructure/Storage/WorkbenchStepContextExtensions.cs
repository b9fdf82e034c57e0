using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Storage;

/// <summary>Gives a step its execution's workbench folder.</summary>
public static class WorkbenchStepContextExtensions
{
    /// <summary>The working folder of the job execution this step runs in (registered by <c>UseFileStorage</c>).</summary>
    /// <param name="context">The step's context.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="InvalidOperationException">File storage is not registered.</exception>
    /// <example>
    /// <code>
    /// new StepBuilder("unpack").Tasklet(async (ctx, ct) =&gt;
    /// {
    ///     var work = ctx.Step.Workbench().GetPath("unpacked.csv");
    ///     ...
    /// })
    /// </code>
    /// </example>
    public static WorkbenchFolder Workbench(this StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workbench = context.Services.GetService<Workbench>() ?? throw new InvalidOperationException(
            "No workbench is registered: call batch.UseFileStorage(...) in AddBatch with the Batch:Files section.");
        return workbench.For(context.StepExecution.JobExecution);
    }
}
