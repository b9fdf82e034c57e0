using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// The per-execution working folders (seed 002's 作業台): <c>&lt;base&gt;/&lt;job&gt;/&lt;executionId&gt;</c>, created when a job
/// execution starts and removed with everything in it when it ends. A completed execution's folder is always removed;
/// one that failed or stopped is kept for diagnosis when <see cref="FileStorageOptions.KeepWorkbenchOnFailure"/> is set
/// (the default), and a restart of the instance takes it over: the folder becomes the restart's, with what the steps that
/// completed left in it. Keep what must outlive the instance in the
/// <see cref="Warehouse"/>. Steps reach their folder with <see cref="WorkbenchStepContextExtensions.Workbench"/>.
/// </summary>
public sealed class Workbench
{
    private readonly BaseFolder _base;
    private readonly ILogger _logger;

    private readonly TimeProvider _time;

    internal Workbench(BaseFolder baseFolder, bool keepOnFailure, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _base = baseFolder;
        KeepOnFailure = keepOnFailure;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The base folder, absolute, links resolved.</summary>
    public string BaseFolder => _base.Root;

    /// <summary>Whether the folder of an execution that did not complete is kept.</summary>
    public bool KeepOnFailure { get; }

    /// <summary>The working folder of a job execution (created if it does not exist yet).</summary>
    /// <param name="jobExecution">The execution.</param>
    /// <returns>Its folder.</returns>
    /// <exception cref="StoragePathException">The job's name cannot be a folder name (it contains a separator, or is <c>..</c>).</exception>
    public WorkbenchFolder For(JobExecution jobExecution)
    {
        ArgumentNullException.ThrowIfNull(jobExecution);
        var folder = new WorkbenchFolder(_base, RelativeFolder(jobExecution.JobName, jobExecution.Id));
        Directory.CreateDirectory(folder.Path);
        return folder;
    }

    /// <summary>
    /// Moves the working folder an earlier execution of an instance left behind (failed, stopped, or killed) to the folder of its
    /// restart, files and all, so the steps that completed before need not run again to find what they left there. Nothing
    /// happens when there is no such folder, when the restart's folder exists already, or when either is a symbolic link.
    /// </summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="fromExecutionId">The earlier execution's id.</param>
    /// <param name="toExecutionId">The restart's id.</param>
    /// <returns>Whether a folder was moved.</returns>
    internal bool CarryOver(string jobName, long fromExecutionId, long toExecutionId)
    {
        var from = _base.Resolve(RelativeFolder(jobName, fromExecutionId));
        var to = _base.Resolve(RelativeFolder(jobName, toExecutionId));
        if (!Directory.Exists(from) || new DirectoryInfo(from).LinkTarget is not null || Path.Exists(to))
        {
            return false;
        }

        Directory.Move(from, to);
        StorageLog.WorkbenchCarriedOver(_logger, from, to, toExecutionId);
        return true;
    }

    /// <summary>Removes the working folder of an execution, with everything in it, if it exists.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="cancellationToken">Stops between entries.</param>
    /// <returns>Whether there was a folder to remove.</returns>
    public bool Remove(string jobName, long executionId, CancellationToken cancellationToken)
    {
        var path = _base.Resolve(RelativeFolder(jobName, executionId));
        if (!Directory.Exists(path))
        {
            return false;
        }

        _base.Delete(path, cancellationToken);
        StorageLog.WorkbenchRemoved(_logger, path, executionId, jobName);
        return true;
    }

    /// <summary>
    /// Removes the folders that executions left behind (failed or stopped ones whose instance was never restarted, or a
    /// process that died): every <c>&lt;job&gt;/&lt;executionId&gt;</c> folder not changed for <paramref name="olderThan"/> whose
    /// execution is not running according to the job repository. Folders that are not named by an execution id are left alone.
    /// </summary>
    /// <param name="explorer">The job repository's explorer, to tell running executions.</param>
    /// <param name="olderThan">How long a folder must have been left unchanged.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The removed folders, relative to the base folder.</returns>
    public async Task<IReadOnlyList<string>> RemoveLeftoversAsync(IJobExplorer explorer, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(explorer);
        var removed = new List<string>();
        if (!Directory.Exists(_base.Root))
        {
            return removed;
        }

        var limit = _time.GetUtcNow().UtcDateTime - olderThan;
        foreach (var job in new DirectoryInfo(_base.Root).EnumerateDirectories())
        {
            if (job.LinkTarget is not null)
            {
                continue;
            }

            foreach (var folder in job.EnumerateDirectories())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (folder.LinkTarget is not null || folder.LastWriteTimeUtc > limit
                    || !long.TryParse(folder.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    continue;
                }

                var execution = await explorer.GetJobExecutionAsync(id, cancellationToken).ConfigureAwait(false);
                if (execution is { IsRunning: true })
                {
                    continue;
                }

                if (Remove(job.Name, id, cancellationToken))
                {
                    removed.Add(Path.Combine(job.Name, folder.Name));
                }
            }
        }

        return removed;
    }

    private static string RelativeFolder(string jobName, long executionId)
    {
        if (string.IsNullOrWhiteSpace(jobName) || jobName is "." or ".." || jobName.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new StoragePathException($"The job name '{jobName}' cannot name a workbench folder: it is empty, '.', '..' or contains a path separator.", jobName);
        }

        return Path.Combine(jobName, executionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
