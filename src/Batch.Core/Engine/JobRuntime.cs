using Batch.Faults;
using Batch.Listeners;
using Batch.Repository;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Engine;

/// <summary>The services a running job and its steps use: the repository, the clock, logging and the application's services.</summary>
internal sealed class JobRuntime
{
    private FinalStatusWriter? _finalStatus;

    /// <summary>Creates a runtime.</summary>
    /// <param name="repository">The job repository.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="loggerFactory">Logging; nothing is logged when null.</param>
    /// <param name="services">The application's services, for step-scoped factories; an empty provider when null.</param>
    public JobRuntime(IJobRepository repository, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        Repository = repository;
        TimeProvider = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Services = services ?? EmptyServiceProvider.Instance;
        ExceptionClassifier = Services.GetService(typeof(IExceptionClassifier)) as IExceptionClassifier ?? DefaultExceptionClassifier.Instance;
        JobListeners = Resolve<IJobExecutionListener>(Services);
        StepListeners = Resolve<IStepExecutionListener>(Services);
        ChunkListenerArray = Resolve<IChunkListener>(Services);
    }

    /// <summary>The job repository.</summary>
    public IJobRepository Repository { get; }

    /// <summary>
    /// How long the end of a job or step execution is retried on transient faults before giving up
    /// (<see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>); zero or less: not retried.
    /// </summary>
    public TimeSpan FinalStatusRetryFor { get; init; } = Hosting.BatchOptions.DefaultFinalStatusRetryFor;

    /// <summary>How often chunk steps log their progress (<see cref="Hosting.BatchOptions.ProgressInterval"/>).</summary>
    public TimeSpan ProgressInterval { get; init; } = Hosting.BatchOptions.DefaultProgressInterval;

    /// <summary>Saves the end of executions, retrying transient faults for <see cref="FinalStatusRetryFor"/>.</summary>
    internal FinalStatusWriter FinalStatus => _finalStatus ??= new FinalStatusWriter(this);

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// Sorts failures into business, transient and system ones (log channels, skip and retry defaults):
    /// the <see cref="IExceptionClassifier"/> registered in <see cref="Services"/>, else <see cref="DefaultExceptionClassifier"/>.
    /// </summary>
    public IExceptionClassifier ExceptionClassifier { get; init; }

    /// <summary>
    /// The <see cref="IJobExecutionListener"/>s registered in <see cref="Services"/>, resolved once: every job calls them
    /// around its own listeners (first before the job, last after it).
    /// </summary>
    public IReadOnlyList<IJobExecutionListener> JobListeners { get; }

    /// <summary>
    /// The <see cref="IStepExecutionListener"/>s registered in <see cref="Services"/>, resolved once: every step calls them
    /// around its own listeners (first before the step, last after it).
    /// </summary>
    public IReadOnlyList<IStepExecutionListener> StepListeners { get; }

    /// <summary>
    /// The <see cref="IChunkListener"/>s registered in <see cref="Services"/>, resolved once: every chunk and tasklet step
    /// calls them around its own listeners (first before a chunk, last after it).
    /// </summary>
    public IReadOnlyList<IChunkListener> ChunkListeners => ChunkListenerArray;

    /// <summary>The registered chunk listeners, as the array the chunk loops iterate.</summary>
    internal IChunkListener[] ChunkListenerArray { get; }

    /// <summary>The current time.</summary>
    /// <returns>Now, from <see cref="TimeProvider"/>.</returns>
    public DateTimeOffset Now() => TimeProvider.GetUtcNow();

    /// <summary>Puts the runtime's listeners (<paramref name="registered"/>) outside a job's or step's own ones.</summary>
    internal static T[] Around<T>(IReadOnlyList<T> registered, T[] own) =>
        registered.Count == 0 ? own : [.. registered, .. own];

    private static T[] Resolve<T>(IServiceProvider services) =>
        services.GetService(typeof(IEnumerable<T>)) is IEnumerable<T> all ? [.. all] : [];
}
