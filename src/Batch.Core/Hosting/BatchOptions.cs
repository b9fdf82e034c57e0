namespace Batch.Hosting;

/// <summary>
/// The engine's and the command line's settings, read through <c>IOptions&lt;BatchOptions&gt;</c>. Set them in code with
/// <see cref="BatchBuilder.Configure(Action{BatchOptions})"/>, or from configuration with
/// <see cref="BatchBuilder.BindConfiguration(Microsoft.Extensions.Configuration.IConfiguration)"/> (or the usual
/// <c>services.Configure&lt;BatchOptions&gt;(configuration.GetSection("Batch"))</c>). They are validated when the host starts.
/// </summary>
/// <example>
/// <code>
/// // appsettings.json: { "Batch": { "RecoverStaleAfter": "00:30:00", "ListInstancesPerJob": 10 } }
/// services.AddBatch(batch =&gt; batch.BindConfiguration(configuration.GetSection("Batch")).AddJob(job));
/// </code>
/// </example>
public sealed class BatchOptions
{
    /// <summary>The default of <see cref="RecoverStaleAfter"/>: ten minutes.</summary>
    public static readonly TimeSpan DefaultRecoverStaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a running execution's heartbeat (LAST_UPDATED, refreshed by every chunk commit and every <see cref="HeartbeatInterval"/>
    /// while its job runs) may be silent before <c>recover</c> without an argument marks it FAILED (restartable). Ten minutes by default;
    /// it must not be negative. Keep it well above <see cref="HeartbeatInterval"/> (and, for executions run by processes that do not beat
    /// — an older version, or a repository without <see cref="Repository.IJobRepository.TouchJobExecutionAsync"/> — above their slowest chunk). The same age decides whether an execution is alive for <c>fail</c> and
    /// <c>abandon</c> without an age (refused while its heartbeat is younger: use <c>stop</c>), and for <c>stop</c>, which marks
    /// an execution silent for longer STOPPED at once, since no process is left to do it.
    /// </summary>
    public TimeSpan RecoverStaleAfter { get; set; } = DefaultRecoverStaleAfter;

    /// <summary>How many of each job's most recent instances <c>list</c> shows. Five by default; at least 1.</summary>
    public int ListInstancesPerJob { get; set; } = 5;

    /// <summary>
    /// How many times <c>stop</c> (<see cref="Launch.IJobOperator.StopAsync"/>) reads the execution again and retries when the
    /// running process saved it at the same moment (an optimistic-locking conflict). Three by default; at least 1.
    /// </summary>
    public int StopUpdateAttempts { get; set; } = 3;

    /// <summary>The default of <see cref="FinalStatusRetryFor"/>: one minute.</summary>
    public static readonly TimeSpan DefaultFinalStatusRetryFor = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a job or step execution keeps trying to save its end (FAILED, COMPLETED, STOPPED) when the job repository's database
    /// is unreachable — a dropped or refused connection, a server shutting down or restarting — with exponential backoff
    /// (250 ms, doubling, at most 5 s apart; each retry logged as a warning with its cause). An outage shorter than this ends the
    /// execution with its real status (FAILED is restartable) instead of leaving it STARTED. When it still cannot save, the command
    /// line says that the execution is left STARTED and to run <c>fail &lt;id&gt;</c> or <c>recover</c>. One minute by default;
    /// <see cref="TimeSpan.Zero"/> tries once; it must not be negative. Stale versions and other faults are never retried.
    /// </summary>
    public TimeSpan FinalStatusRetryFor { get; set; } = DefaultFinalStatusRetryFor;

    /// <summary>The default of <see cref="HeartbeatInterval"/>: thirty seconds.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a running job execution's heartbeat (its LAST_UPDATED) is refreshed while the job runs, whatever its steps do — a long
    /// chunk, a long tasklet call, a step waiting on remote partitions — so that only an execution whose process is gone falls silent.
    /// Each beat is one update of the execution's row by primary key (LAST_UPDATED only, never VERSION, so it never conflicts with the
    /// engine's saves), on the job's <see cref="TimeProvider"/>; a job that ends before the first beat costs no statement more. Thirty
    /// seconds by default: two cheap statements a minute per running job, and twenty beats inside the ten minutes of
    /// <see cref="RecoverStaleAfter"/>, so a process must miss many beats in a row before it is taken for dead. It must be positive
    /// and at most a day; keep it well below <see cref="RecoverStaleAfter"/> and <see cref="TakeOverDeadExecutionsAfter"/>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// How often a running chunk step logs its progress on <c>Batch.Progress</c> (seed 002's progress log): items done, percent, rate and
    /// the projected end time when the step knows its total (<c>ExpectedItems</c> on its builder, or a reader that is
    /// <see cref="Items.IItemCountable"/>), items and rate otherwise. Five minutes by default; <see cref="Timeout.InfiniteTimeSpan"/>
    /// (<c>"off"</c> in configuration) or zero turns it off. A step's own <c>ProgressInterval</c> wins.
    /// </summary>
    public TimeSpan ProgressInterval { get; set; } = DefaultProgressInterval;

    /// <summary>The default <see cref="ProgressInterval"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromMinutes(5);

    /// <summary>The longest <see cref="HeartbeatInterval"/>: a day.</summary>
    public static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromDays(1);

    /// <summary>A conservative value for <see cref="TakeOverDeadExecutionsAfter"/>, to opt in with: ten minutes (twenty heartbeats of the default interval).</summary>
    public static readonly TimeSpan RecommendedTakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When set, a launch (<c>run</c>, <c>restart</c>, <see cref="Launch.IJobLauncher.RunAsync(Jobs.IJob, JobParameters, CancellationToken)"/>) of an instance whose live
    /// execution's heartbeat has been silent for longer than this takes that execution over: it marks it FAILED (with its unfinished
    /// steps, atomically and only while it is still silent — see <see cref="Repository.IJobRepository.EndSilentJobExecutionAsync"/>),
    /// logs a warning naming it, how long it was silent and what was done, and launches the instance again in the same call, which
    /// restarts it from its last committed chunk. So "run the same command again until it succeeds" works after a process was killed,
    /// without <c>recover</c>. Of two launches taking over the same execution at once, one does; the other is refused as running.
    /// <para>
    /// Off (null) by default: taking over is a decision about another process, and a wrong one runs the instance twice for a while
    /// (a transactional writer's chunk is still safe — the silent process's next commit fails its VERSION check — but a file or
    /// service writer's chunk in progress may be written twice). Turn it on where every process that runs these jobs beats (this
    /// version or later, on a repository that implements <see cref="Repository.IJobRepository.TouchJobExecutionAsync"/>, as the
    /// in-memory, SQLite and PostgreSQL ones do) and the hosts' clocks agree (the heartbeat is stamped by the running host's clock):
    /// <see cref="RecommendedTakeOverDeadExecutionsAfter"/> (ten minutes) is a conservative value. It must be at least four
    /// <see cref="HeartbeatInterval"/>s, so that a live process is never taken for dead for missing a beat or two.
    /// </para>
    /// </summary>
    /// <example><c>"Batch": { "TakeOverDeadExecutionsAfter": "00:10:00" }</c>, or <c>batch.Configure(o =&gt; o.TakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(10))</c>.</example>
    public TimeSpan? TakeOverDeadExecutionsAfter { get; set; }

    /// <summary>
    /// Whether the command line shows a live progress bar per running step while <c>run</c>, <c>next</c>, <c>restart</c> or
    /// <c>catch-up</c> runs a job, when its output is an interactive terminal (never when it is redirected, nor with <c>--json</c>:
    /// those get the plain progress lines of the <c>Batch.Progress</c> log). True by default; <c>"Batch": { "ProgressBars": false }</c> turns them off.
    /// </summary>
    public bool ProgressBars { get; set; } = true;

    /// <summary>The default of <see cref="LaunchPollInterval"/>: one second.</summary>
    public static readonly TimeSpan DefaultLaunchPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a launch waiting for a slot of its launch group (<see cref="Launch.LaunchOptions.Wait"/>, <c>run --wait</c>) asks the
    /// job repository again — one short transaction — which also refreshes its ticket's heartbeat. One second by default, on the
    /// registered <see cref="TimeProvider"/>; positive and at most a minute. See docs/queued-launches.md.
    /// </summary>
    public TimeSpan LaunchPollInterval { get; set; } = DefaultLaunchPollInterval;

    /// <summary>The default of <see cref="LaunchWaitingTicketStaleAfter"/>: one minute.</summary>
    public static readonly TimeSpan DefaultLaunchWaitingTicketStaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a waiting launch's ticket may be silent (its process stopped asking: killed, or cut off from the database) before the
    /// next decision of its group discards it, so the launches behind it move up. One minute by default; at least four
    /// <see cref="LaunchPollInterval"/>s. Discarding a ticket wrongly only costs its launch its place (it queues again at the end).
    /// A slot that is held — by a launch about to create its execution, or by a live execution — is freed when that execution ends, or
    /// when its heartbeat has been silent for longer than <see cref="RecoverStaleAfter"/> (at least four <see cref="HeartbeatInterval"/>s;
    /// <see cref="TakeOverDeadExecutionsAfter"/> instead when it is set and shorter).
    /// </summary>
    public TimeSpan LaunchWaitingTicketStaleAfter { get; set; } = DefaultLaunchWaitingTicketStaleAfter;

    /// <summary>
    /// Limits of launch groups by name, which override the ones given in code (<see cref="Jobs.JobBuilder.LaunchGroup"/>, and
    /// <see cref="Jobs.JobBuilder.MaxLiveExecutions"/> for the group named after a job): <c>"Batch": { "LaunchGroups": { "reports": 2 } }</c>.
    /// Each limit must be at least 1. A group no job is in is not used.
    /// </summary>
    public IDictionary<string, int> LaunchGroups { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>What <see cref="BatchBuilder.BindConfiguration"/> could not read; reported when the options are validated.</summary>
    internal List<string> BindingErrors { get; } = [];
}
