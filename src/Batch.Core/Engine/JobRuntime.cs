using Batch.Faults;
using Batch.Repository;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Engine;

/// <summary>The services a running job and its steps use: the repository, the clock, logging and the application's services.</summary>
internal sealed class JobRuntime
{
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
    }

    /// <summary>The job repository.</summary>
    public IJobRepository Repository { get; }

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

    /// <summary>The current time.</summary>
    /// <returns>Now, from <see cref="TimeProvider"/>.</returns>
    public DateTimeOffset Now() => TimeProvider.GetUtcNow();
}
