using Batch.Listeners;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// Creates an execution's workbench folder before its first step — on a restart, by taking over the folder the latest earlier
/// execution of the instance left behind, and removing the older ones — and removes its own when the job ends: always when it
/// completed, otherwise unless <see cref="Workbench.KeepOnFailure"/>.
/// </summary>
internal sealed class WorkbenchListener(Workbench workbench, IJobExplorer explorer, ILoggerFactory? loggerFactory = null) : IJobExecutionListener
{
    private readonly ILogger _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<WorkbenchListener>();

    public async ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        var earlier = (await explorer.GetJobExecutionsAsync(jobExecution.JobInstance, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Id != jobExecution.Id && !e.IsRunning)
            .OrderByDescending(e => e.Id);
        var carried = false;
        foreach (var execution in earlier)
        {
            // The latest folder left behind holds what the steps that completed before the restart wrote: it becomes the restart's.
            carried = carried || workbench.CarryOver(jobExecution.JobName, execution.Id, jobExecution.Id);
            workbench.Remove(jobExecution.JobName, execution.Id, cancellationToken);
        }

        var folder = workbench.For(jobExecution);
        StorageLog.WorkbenchCreated(_logger, jobExecution.Id, folder.Path);
    }

    public ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        if (jobExecution.Status == BatchStatus.Completed || !workbench.KeepOnFailure)
        {
            workbench.Remove(jobExecution.JobName, jobExecution.Id, CancellationToken.None);
        }
        else
        {
            StorageLog.WorkbenchKept(_logger, workbench.For(jobExecution).Path, jobExecution.Id, jobExecution.Status);
        }

        return ValueTask.CompletedTask;
    }
}
