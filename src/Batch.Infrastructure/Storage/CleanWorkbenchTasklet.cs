using Batch.Steps;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// A ready-made tasklet that removes the workbench folders executions left behind (see <see cref="Workbench.RemoveLeftoversAsync"/>):
/// those unchanged for the given period whose execution is not running. Their count goes into the step's context as <c>workbench.removed</c>.
/// </summary>
public sealed class CleanWorkbenchTasklet : ITasklet
{
    /// <summary>The context key of the number of removed folders.</summary>
    public const string RemovedKey = "workbench.removed";

    private readonly Workbench _workbench;
    private readonly IJobExplorer _explorer;
    private readonly TimeSpan _olderThan;

    /// <summary>Creates the tasklet.</summary>
    /// <param name="workbench">The workbench.</param>
    /// <param name="explorer">The job repository's explorer.</param>
    /// <param name="olderThan">How long a folder must have been left unchanged (say, 7 days: time to look at a failure).</param>
    public CleanWorkbenchTasklet(Workbench workbench, IJobExplorer explorer, TimeSpan olderThan)
    {
        ArgumentNullException.ThrowIfNull(workbench);
        ArgumentNullException.ThrowIfNull(explorer);
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        _workbench = workbench;
        _explorer = explorer;
        _olderThan = olderThan;
    }

    /// <inheritdoc />
    public async ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var removed = await _workbench.RemoveLeftoversAsync(_explorer, _olderThan, cancellationToken).ConfigureAwait(false);
        context.ExecutionContext.Put(RemovedKey, (long)removed.Count);
        return RepeatStatus.Finished;
    }
}
