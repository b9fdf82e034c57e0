using Batch.Listeners;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// Creates an execution's workbench folder before its first step, removes the folders earlier executions of the same
/// instance left behind (a restart), and removes its own when the job ends: always when it completed, otherwise
/// unless <see cref="Workbench.KeepOnFailure"/>.
/// </summary>
internal sealed class WorkbenchListener(Workbench workbench, IJobExplorer explorer, ILoggerFactory? loggerFactory = null) : IJobExecutionListener
{
    private readonly ILogger _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<WorkbenchListener>();

    public async ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        foreach (var earlier in await explorer.GetJobExecutionsAsync(jobExecution.JobInstance, cancellationToken).ConfigureAwait(false))
        {
            if (earlier.Id != jobExecution.Id && !earlier.IsRunning)
            {
                workbench.Remove(jobExecution.JobName, earlier.Id, cancellationToken);
            }
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
