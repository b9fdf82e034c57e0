using Batch.Listeners;

namespace Batch.Steps;

/// <summary>
/// Starts building a step: a tasklet step (<see cref="Tasklet(ITasklet)"/>) or a chunk step
/// (<see cref="Chunk{TIn, TOut}(int)"/>).
/// </summary>
/// <example>
/// <code>
/// IStep load = new StepBuilder("load")
///     .Chunk&lt;string, Order&gt;(100)
///     .Reader(ctx =&gt; new LineReader(ctx.JobParameters.GetString("file")))
///     .Processor(new OrderParser())
///     .Writer(new OrderWriter())
///     .Build();
///
/// IStep cleanup = new StepBuilder("cleanup")
///     .Tasklet((ctx, ct) =&gt; ValueTask.FromResult(RepeatStatus.Finished))
///     .Build();
/// </code>
/// </example>
public sealed class StepBuilder
{
    /// <summary>Starts building a step.</summary>
    /// <param name="name">The step's name, unique within its job, at most <see cref="Repository.BatchSchemaLimits.StepName"/> characters.</param>
    /// <exception cref="ArgumentException">The name is blank or longer than the job repository's column.</exception>
    public StepBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Repository.BatchSchemaLimits.CheckName(name, "step", Repository.BatchSchemaLimits.StepName, "STEP_NAME", nameof(name));
        Name = name;
    }

    /// <summary>The step's name.</summary>
    public string Name { get; }

    /// <summary>Restart options and step/chunk listeners shared by both kinds of step.</summary>
    public StepOptions Options { get; } = new();

    /// <summary>Lets the step run again on restart although it already completed.</summary>
    /// <param name="allow">Whether to allow it.</param>
    /// <returns>This builder.</returns>
    public StepBuilder AllowStartIfComplete(bool allow = true)
    {
        Options.AllowStartIfComplete = allow;
        return this;
    }

    /// <summary>Limits how many times the step may be started within one job instance.</summary>
    /// <param name="limit">The limit (at least 1).</param>
    /// <returns>This builder.</returns>
    public StepBuilder StartLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Options.StartLimit = limit;
        return this;
    }

    /// <summary>Fails an execution of the step that runs longer than <paramref name="timeout"/> (see <see cref="StepOptions.Timeout"/>).</summary>
    /// <param name="timeout">The longest an execution may run (positive).</param>
    /// <returns>This builder.</returns>
    public StepBuilder Timeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Options.Timeout = timeout;
        return this;
    }

    /// <summary>Adds a step listener and/or chunk listener (whichever interfaces the object implements).</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public StepBuilder Listener(object listener)
    {
        StepListenerRegistration.Register(Options, listener, requireMatch: true);
        return this;
    }

    /// <summary>Builds a tasklet step around one shared tasklet instance.</summary>
    /// <param name="tasklet">The tasklet (shared by every execution of the step).</param>
    /// <returns>The tasklet step builder.</returns>
    public TaskletStepBuilder Tasklet(ITasklet tasklet)
    {
        ArgumentNullException.ThrowIfNull(tasklet);
        return new TaskletStepBuilder(this, _ => tasklet);
    }

    /// <summary>Builds a tasklet step whose tasklet is created for each step execution.</summary>
    /// <param name="factory">Creates the tasklet.</param>
    /// <returns>The tasklet step builder.</returns>
    public TaskletStepBuilder Tasklet(Func<StepContext, ITasklet> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new TaskletStepBuilder(this, factory);
    }

    /// <summary>Builds a tasklet step from a delegate.</summary>
    /// <param name="tasklet">The work; return <see cref="RepeatStatus.Continuable"/> to be called again.</param>
    /// <returns>The tasklet step builder.</returns>
    public TaskletStepBuilder Tasklet(Func<TaskletContext, CancellationToken, ValueTask<RepeatStatus>> tasklet)
    {
        ArgumentNullException.ThrowIfNull(tasklet);
        var instance = new DelegateTasklet(tasklet);
        return new TaskletStepBuilder(this, _ => instance);
    }

    /// <summary>Builds a chunk step that reads <typeparamref name="TIn"/> and writes <typeparamref name="TOut"/>.</summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TOut">The type written.</typeparam>
    /// <param name="chunkSize">How many items to read per chunk (the commit interval).</param>
    /// <returns>The chunk step builder.</returns>
    public ChunkStepBuilder<TIn, TOut> Chunk<TIn, TOut>(int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return new ChunkStepBuilder<TIn, TOut>(this, chunkSize);
    }

    /// <summary>
    /// Builds a chunk step whose chunk size is read for each run, when the step starts: from a job parameter, say,
    /// so that an operator can choose it per run as Spring Batch users do with <c>#{jobParameters['chunkSize']}</c>.
    /// A size below 1 fails the step with a message naming it. A restart may use another size: it resumes from the
    /// reader's committed position, whatever the chunks were.
    /// </summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TOut">The type written.</typeparam>
    /// <param name="chunkSize">Reads the chunk size from the step's context (its <see cref="StepContext.JobParameters"/>, <see cref="StepContext.Services"/>).</param>
    /// <returns>The chunk step builder.</returns>
    /// <example>
    /// <code>
    /// new StepBuilder("load")
    ///     .Chunk&lt;string, Order&gt;(ctx =&gt; (int)ctx.JobParameters.GetLong("chunkSize"))
    /// </code>
    /// </example>
    public ChunkStepBuilder<TIn, TOut> Chunk<TIn, TOut>(Func<StepContext, int> chunkSize)
    {
        ArgumentNullException.ThrowIfNull(chunkSize);
        return new ChunkStepBuilder<TIn, TOut>(this, 1, chunkSize);
    }

    /// <summary>Builds a chunk step whose items pass from reader to writer with the same type, with a chunk size read for each run (see <see cref="Chunk{TIn, TOut}(Func{StepContext, int})"/>).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="chunkSize">Reads the chunk size from the step's context.</param>
    /// <returns>The chunk step builder.</returns>
    public ChunkStepBuilder<T, T> Chunk<T>(Func<StepContext, int> chunkSize) => Chunk<T, T>(chunkSize);

    /// <summary>Builds a chunk step whose items pass from reader to writer with the same type.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="chunkSize">How many items to read per chunk.</param>
    /// <returns>The chunk step builder.</returns>
    public ChunkStepBuilder<T, T> Chunk<T>(int chunkSize) => Chunk<T, T>(chunkSize);

    private sealed class DelegateTasklet(Func<TaskletContext, CancellationToken, ValueTask<RepeatStatus>> work) : ITasklet
    {
        public ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken) => work(context, cancellationToken);
    }
}
