using Batch.Jobs;
using Batch.Launch;
using Batch.Listeners;
using Batch.Repository;
using Batch.Scheduling;
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
    /// <c>00:10:00</c>), <c>ListInstancesPerJob</c>, <c>StopUpdateAttempts</c>, <c>FinalStatusRetryFor</c> (a duration), and the scheduler's entries
    /// from the sub-section <c>Schedules</c> (<c>Schedules:0:Job</c>, <c>Cron</c>, <c>TimeZone</c>, <c>Parameters</c>, <c>Misfire</c>; see
    /// <see cref="JobSchedule"/>), added after those of <see cref="Schedule(string, string, string?, string?, MisfirePolicy)"/> registered before. Other
    /// sub-sections (such as <c>Repository</c>) are left alone; an unknown key or a value that cannot be read fails validation when the host starts,
    /// with a message naming the key.
    /// </summary>
    /// <param name="section">The section, for example <c>configuration.GetSection("Batch")</c>.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder BindConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddSingleton<IConfigureOptions<BatchOptions>>(new ConfigureNamedOptions<BatchOptions>(Options.DefaultName, o => BatchOptionsBinder.Bind(section, o)));
        Services.AddSingleton<IConfigureOptions<JobSchedulerOptions>>(new ConfigureNamedOptions<JobSchedulerOptions>(
            Options.DefaultName, o => JobScheduleBinder.Bind(section.GetSection("Schedules"), o)));
        return this;
    }

    /// <summary>
    /// Schedules a registered job on a cron expression, for the in-process <see cref="JobScheduler"/> (the <c>schedule</c> command). The entry is
    /// checked before the scheduler runs, and when the host starts if it runs the hosted scheduler (the job is registered, the expression and time zone can be read, the parameters are well formed).
    /// </summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="cron">
    /// The cron expression: five fields (<c>minute hour day-of-month month day-of-week</c>: <c>"*/10 * * * *"</c> every ten minutes,
    /// <c>"0 3 * * *"</c> every day at 03:00), six with the seconds first, or a macro such as <c>"@daily"</c>.
    /// </param>
    /// <param name="parameters">The job's parameters in text form (<c>name=value&amp;count:long=5</c>), or null; see <see cref="JobScheduler"/> for how they are used.</param>
    /// <param name="timeZone">The time zone the expression is read in (<c>"Europe/Berlin"</c>, <c>"Local"</c>); null for UTC.</param>
    /// <param name="misfire">What happens at start when occurrences were missed while the process was down: by default the job runs once.</param>
    /// <returns>This builder.</returns>
    /// <example><c>batch.AddJob(job).Schedule("expire-passes", "*/10 * * * *", parameters: "region=eu")</c></example>
    public BatchBuilder Schedule(string jobName, string cron, string? parameters = null, string? timeZone = null, MisfirePolicy misfire = MisfirePolicy.FireOnceNow)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(cron);
        return Schedule(new JobSchedule { Job = jobName, Cron = cron, Parameters = parameters, TimeZone = timeZone, Misfire = misfire });
    }

    /// <summary>
    /// Runs the <see cref="JobScheduler"/> in the background for the host's lifetime (a hosted service), for a long-running application —
    /// an ASP.NET Core site, a worker service — that should run its schedules while it is up. Stopping the host stops the running jobs at
    /// their next chunk boundary (STOPPED, restartable) within the host's shutdown timeout. Not for an application run with
    /// <c>RunBatchCommandLineAsync</c>: there every command (<c>list</c>, <c>show</c>, ...) would start the scheduler; use its
    /// <c>schedule</c> command instead. With it, a bad schedule entry fails the host's start.
    /// </summary>
    /// <returns>This builder.</returns>
    public BatchBuilder AddHostedScheduler()
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, JobSchedulerHostedService>());
        Services.AddOptions<JobSchedulerOptions>().ValidateOnStart(); // a bad entry fails the start of a host that schedules
        return this;
    }

    /// <summary>Adds an entry to the in-process <see cref="JobScheduler"/>; see <see cref="Schedule(string, string, string?, string?, MisfirePolicy)"/>.</summary>
    /// <param name="schedule">The entry.</param>
    /// <returns>This builder.</returns>
    public BatchBuilder Schedule(JobSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Services.Configure<JobSchedulerOptions>(o => o.Schedules.Add(schedule));
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
