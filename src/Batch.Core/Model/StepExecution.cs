namespace Batch.Model;

/// <summary>One attempt at a step: its counts, status, times and context.</summary>
public sealed class StepExecution : Entity
{
    /// <summary>Creates a step execution. Prefer <see cref="JobExecution.CreateStepExecution"/>.</summary>
    /// <param name="stepName">The step's name.</param>
    /// <param name="jobExecution">The job execution it belongs to.</param>
    public StepExecution(string stepName, JobExecution jobExecution)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepName);
        ArgumentNullException.ThrowIfNull(jobExecution);
        StepName = stepName;
        JobExecution = jobExecution;
    }

    /// <summary>The step's name.</summary>
    public string StepName { get; }

    /// <summary>The job execution this step execution belongs to.</summary>
    public JobExecution JobExecution { get; }

    /// <summary>The job's parameters.</summary>
    public JobParameters JobParameters => JobExecution.JobParameters;

    /// <summary>The step's own parameters (a pre- or post-step's), or null when it runs with the job's.</summary>
    internal JobParameters? StepParameters { get; set; }

    /// <summary>Items read (successfully).</summary>
    public long ReadCount { get; internal set; }

    /// <summary>The counts as of the last commit, for the engine's metrics (set by the checkpointer after each commit).</summary>
    internal Engine.CommittedCounts Committed { get; set; }

    /// <summary>Items written (committed or about to be, in the current chunk).</summary>
    public long WriteCount { get; internal set; }

    /// <summary>Items the processor filtered out.</summary>
    public long FilterCount { get; internal set; }

    /// <summary>Chunks (or tasklet calls) committed.</summary>
    public long CommitCount { get; internal set; }

    /// <summary>Chunks rolled back.</summary>
    public long RollbackCount { get; internal set; }

    /// <summary>Items skipped while reading.</summary>
    public long ReadSkipCount { get; internal set; }

    /// <summary>Items skipped while processing.</summary>
    public long ProcessSkipCount { get; internal set; }

    /// <summary>Items skipped while writing.</summary>
    public long WriteSkipCount { get; internal set; }

    /// <summary>All skips: read + process + write.</summary>
    public long SkipCount => ReadSkipCount + ProcessSkipCount + WriteSkipCount;

    /// <summary>
    /// The step's named counters beyond the built-in counts (a writer's ignored duplicates, …), by name, in name order: the
    /// <see cref="long"/> entries of its execution context under <see cref="StepCounters.ContextPrefix"/>. Empty when there are none.
    /// </summary>
    public IReadOnlyDictionary<string, long> Counters => StepCounters.Read(ExecutionContext);

    /// <summary>
    /// The execution-context key under which a restarted step keeps <see cref="ItemsConsumedBefore"/>. It is written once,
    /// when the step starts, never per chunk.
    /// </summary>
    public const string ItemsConsumedBeforeKey = "batch.step.itemsConsumedBefore";

    /// <summary>
    /// Items that earlier executions of this step (in the same job instance, since it last completed) consumed in committed
    /// chunks: read plus skipped while reading. Zero on a first run. This is where an <see cref="Items.IItemCountRestartable"/> reader resumes.
    /// </summary>
    public long ItemsConsumedBefore => ExecutionContext.GetLong(ItemsConsumedBeforeKey, 0);

    /// <summary>Items consumed so far, this execution included: <see cref="ItemsConsumedBefore"/> + <see cref="ReadCount"/> + <see cref="ReadSkipCount"/>.</summary>
    public long ItemsConsumed => ItemsConsumedBefore + ReadCount + ReadSkipCount;

    /// <summary>
    /// The items the step expects to consume in all (earlier executions included), when it knows: the total given with
    /// <c>ExpectedItems</c> on its builder, or what an <see cref="Items.IItemCountable"/> reader counted when the step started; null otherwise.
    /// Kept in memory only (not in the job repository); the progress log and <see cref="Diagnostics.RunningSteps"/> use it.
    /// </summary>
    public long? ExpectedItems { get; internal set; }

    /// <summary>
    /// Set when a stop was requested (by the job repository on seeing STOPPING, or by cancellation):
    /// the step ends at the next chunk boundary.
    /// </summary>
    public bool TerminateOnly { get; set; }

    /// <summary>
    /// The exit status saved with the step's end in its last chunk's commit (<see cref="Repository.IChunkSession.SavesStepEndWithLastChunk"/>),
    /// or null: when the step ends with that status, its end is not saved again.
    /// </summary>
    internal ExitStatus? EndSavedWith { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"StepExecution {Id} '{StepName}': {Status.ToCode()}, read={ReadCount}, written={WriteCount}, filtered={FilterCount}, " +
        $"skipped={SkipCount}, commits={CommitCount}, rollbacks={RollbackCount}";
}
