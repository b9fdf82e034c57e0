using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Repository;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Batch.Hosting;

/// <summary>Configures Batch in <c>services.AddBatch(batch =&gt; ...)</c>: the jobs, the job repository, the listeners every job calls and the <see cref="BatchOptions"/>.</summary>
public sealed class BatchBuilder
{
    internal BatchBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection, for extensions (such as <c>UseSqlite</c>) to register their services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a ready job.</summary>
    /// <param name="job">The job.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder AddJob(IJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Services.AddSingleton(new JobRegistration(_ => job));
        return this;
    }

    /// <summary>Registers a job built from the application's services when first needed.</summary>
    /// <param name="factory">Builds the job.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder AddJob(Func<IServiceProvider, IJob> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(new JobRegistration(factory));
        return this;
    }

    /// <summary>Uses the given job repository (it is also the job explorer).</summary>
    /// <param name="factory">Creates the repository.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder UseRepository(Func<IServiceProvider, IJobRepository> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IJobRepository>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Uses a job repository in process memory (the default when no other is chosen): nothing survives the process.</summary>
    /// <returns>This builder.</returns>
    public BatchBuilder UseInMemoryRepository() =>
        UseRepository(sp => new InMemoryJobRepository(sp.GetService<TimeProvider>()));

    /// <summary>Adjusts the <see cref="BatchOptions"/> (validated when the host starts).</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder Configure(Action<BatchOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Reads the <see cref="BatchOptions"/> from a configuration section: <c>RecoverStaleAfter</c> (a duration such as
    /// <c>00:10:00</c>), <c>ListInstancesPerJob</c>, <c>StopUpdateAttempts</c>, <c>FinalStatusRetryFor</c> (a duration). Sub-sections (such as <c>Repository</c>) are
    /// left alone; an unknown key or a value that cannot be read fails validation when the host starts, with a message naming the key.
    /// </summary>
    /// <param name="section">The section, for example <c>configuration.GetSection("Batch")</c>.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder BindConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddSingleton<IConfigureOptions<BatchOptions>>(new ConfigureNamedOptions<BatchOptions>(Options.DefaultName, o => BatchOptionsBinder.Bind(section, o)));
        return this;
    }

    /// <summary>
    /// Adds a command to the Batch command line (beside <c>run</c>, <c>show</c>, <c>list</c>, ...), created from the services once per run
    /// of the command line. A command whose name is already taken is refused when the command line runs.
    /// </summary>
    /// <typeparam name="TCommand">The command type.</typeparam>
    /// <returns>This builder.</returns>
    public BatchBuilder AddCommand<TCommand>()
        where TCommand : class, IBatchCommand
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IBatchCommand, TCommand>());
        return this;
    }

    /// <summary>
    /// Registers a listener that every job calls, resolved from the services: it is called for each interface it implements
    /// (<see cref="IJobExecutionListener"/>, <see cref="IStepExecutionListener"/>, <see cref="IChunkListener"/>), around the
    /// job's and step's own listeners (first on <c>Before</c>, last on <c>After</c>). Registering a type twice adds it once.
    /// The same holds for listeners registered directly, as in <c>services.AddSingleton&lt;IJobExecutionListener, MyListener&gt;()</c>.
    /// </summary>
    /// <typeparam name="TListener">The listener type; one singleton serves all of its interfaces.</typeparam>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TListener"/> implements none of the three listener interfaces.</exception>
    public BatchBuilder AddListener<TListener>()
        where TListener : class
    {
        var type = typeof(TListener);
        RequireListener(type, type.Name);
        Services.TryAddSingleton<TListener>();
        TryAdd<IJobExecutionListener, TListener>(type);
        TryAdd<IStepExecutionListener, TListener>(type);
        TryAdd<IChunkListener, TListener>(type);
        return this;
    }

    /// <summary>
    /// Registers a listener instance that every job calls, for each of <see cref="IJobExecutionListener"/>,
    /// <see cref="IStepExecutionListener"/> and <see cref="IChunkListener"/> it implements (see <see cref="AddListener{TListener}()"/>).
    /// Registering the same instance twice adds it once.
    /// </summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="listener"/> implements none of the three listener interfaces.</exception>
    public BatchBuilder AddListener(object listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        RequireListener(listener.GetType(), listener.GetType().Name);
        foreach (var service in new[] { typeof(IJobExecutionListener), typeof(IStepExecutionListener), typeof(IChunkListener) })
        {
            if (service.IsInstanceOfType(listener) && !Services.Any(d => d.ServiceType == service && ReferenceEquals(d.ImplementationInstance, listener)))
            {
                Services.AddSingleton(service, listener);
            }
        }

        return this;
    }

    private static void RequireListener(Type type, string name)
    {
        if (!typeof(IJobExecutionListener).IsAssignableFrom(type) && !typeof(IStepExecutionListener).IsAssignableFrom(type) && !typeof(IChunkListener).IsAssignableFrom(type))
        {
            throw new ArgumentException(
                $"{name} implements none of IJobExecutionListener, IStepExecutionListener and IChunkListener, so no job would call it; " +
                "item, skip and other listeners are added to a step with its builder's .Listener(...).",
                nameof(type));
        }
    }

    private void TryAdd<TService, TListener>(Type type)
        where TListener : class
    {
        if (typeof(TService).IsAssignableFrom(type))
        {
            // typed as Func<IServiceProvider, TListener>, so TryAddEnumerable sees TListener as the implementation and adds it once
            Func<IServiceProvider, TListener> factory = sp => sp.GetRequiredService<TListener>();
            Services.TryAddEnumerable(new ServiceDescriptor(typeof(TService), factory, ServiceLifetime.Singleton));
        }
    }
}
