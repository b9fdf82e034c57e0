namespace Batch.Repository;

/// <summary>
/// For job repository implementations only: sets the state that only a repository owns — ids, versions, heartbeats and
/// step counters — on executions it creates or loads. Jobs, steps and the application read these values; the engine
/// and the repository set them, so their setters are not public.
/// </summary>
/// <remarks>
/// A repository for another database (SQL Server, MongoDB, …) implements <see cref="IJobRepository"/> (and so
/// <see cref="IJobExplorer"/>), its <see cref="IChunkSession"/> and <see cref="IChunkTransaction"/>; it refuses launches
/// with <see cref="LaunchRules.Check"/>, so that every backend refuses the same launches with the same messages; it
/// stores contexts with <see cref="Model.ExecutionContextSerializer"/>; and it uses this class to rebuild what it loads.
/// That is the whole SPI: nothing else of the engine is needed.
/// </remarks>
/// <example>
/// <code>
/// var step = new StepExecution(row.StepName, jobExecution) { Status = BatchStatus.Failed, ExecutionContext = context };
/// PersistedState.SetId(step, row.Id);
/// PersistedState.SetVersion(step, row.Version);
/// PersistedState.SetCounts(step, read: row.ReadCount, write: row.WriteCount, filter: row.FilterCount, commit: row.CommitCount,
///     rollback: row.RollbackCount, readSkip: row.ReadSkipCount, processSkip: row.ProcessSkipCount, writeSkip: row.WriteSkipCount);
/// </code>
/// </example>
public static class PersistedState
{
    /// <summary>Sets the id the repository assigned to a job or step execution.</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="id">The id.</param>
    public static void SetId(Entity execution, long id)
    {
        ArgumentNullException.ThrowIfNull(execution);
        execution.Id = id;
    }

    /// <summary>Sets the stored row version of a job or step execution (the optimistic lock the next update checks).</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="version">The version.</param>
    public static void SetVersion(Entity execution, long version)
    {
        ArgumentNullException.ThrowIfNull(execution);
        execution.Version = version;
    }

    /// <summary>Sets the stored row version of a job instance.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="version">The version.</param>
    public static void SetVersion(JobInstance instance, long version)
    {
        ArgumentNullException.ThrowIfNull(instance);
        instance.Version = version;
    }

    /// <summary>Marks an execution whose launch created its job instance (<see cref="JobExecution.CreatedInstance"/>).</summary>
    /// <param name="execution">The new execution.</param>
    public static void MarkCreatedInstance(JobExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        execution.CreatedInstance = true;
    }

    /// <summary>Sets when a job or step execution was last saved (while it runs, its heartbeat).</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="lastUpdated">The time, or null when it was never saved.</param>
    public static void SetLastUpdated(Entity execution, DateTimeOffset? lastUpdated)
    {
        ArgumentNullException.ThrowIfNull(execution);
        execution.LastUpdated = lastUpdated;
    }

    /// <summary>Sets the counters of a step execution loaded from storage.</summary>
    /// <param name="stepExecution">The step execution.</param>
    /// <param name="read">Items read.</param>
    /// <param name="write">Items written.</param>
    /// <param name="filter">Items filtered out by the processor.</param>
    /// <param name="commit">Chunks committed.</param>
    /// <param name="rollback">Chunks rolled back.</param>
    /// <param name="readSkip">Items skipped while reading.</param>
    /// <param name="processSkip">Items skipped while processing.</param>
    /// <param name="writeSkip">Items skipped while writing.</param>
    public static void SetCounts(
        StepExecution stepExecution, long read, long write, long filter, long commit, long rollback, long readSkip, long processSkip, long writeSkip)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        stepExecution.ReadCount = read;
        stepExecution.WriteCount = write;
        stepExecution.FilterCount = filter;
        stepExecution.CommitCount = commit;
        stepExecution.RollbackCount = rollback;
        stepExecution.ReadSkipCount = readSkip;
        stepExecution.ProcessSkipCount = processSkip;
        stepExecution.WriteSkipCount = writeSkip;
    }
}
