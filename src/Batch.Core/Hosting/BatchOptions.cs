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
    /// How long a running execution's heartbeat (LAST_UPDATED, refreshed by every chunk commit) may be silent before
    /// <c>recover</c> without an argument marks it FAILED (restartable). Ten minutes by default; it must not be negative.
    /// Make it longer than your slowest chunk. The same age decides whether an execution is alive for <c>fail</c> and
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

    /// <summary>What <see cref="BatchBuilder.BindConfiguration"/> could not read; reported when the options are validated.</summary>
    internal List<string> BindingErrors { get; } = [];
}
