using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Batch.Scheduling;

/// <summary>
/// Runs jobs on cron expressions in this process (Cronos), for applications without an external scheduler: the engine of the
/// <c>schedule</c> command. <see cref="RunAsync"/> runs until cancelled, on the registered <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>
/// At each occurrence of an entry (<see cref="JobSchedule"/>) its job is launched through the <see cref="IJobOperator"/>, by the kind of job:
/// </para>
/// <list type="bullet">
/// <item><description>a job with a business date (<c>JobBuilder.BusinessDate</c>): <see cref="IJobOperator.CatchUpAsync(string, JobParameters?, CancellationToken)"/> — every
/// date up to today not yet completed, in order (so a run that failed is made up by the next occurrence, and a second run on the same
/// day does nothing);</description></item>
/// <item><description>a job with an incrementer: <see cref="IJobOperator.StartNextInstanceAsync(string, JobParameters?, CancellationToken)"/>, a new instance each time, the
/// entry's parameters overriding the incremented ones;</description></item>
/// <item><description>any other job: <see cref="IJobOperator.StartAsync(string, JobParameters, CancellationToken)"/> with the entry's
/// parameters — always the same instance, which runs until it completes once (a failed or stopped run is restarted at the next
/// occurrence) and is then refused as complete; the start log warns about it.</description></item>
/// </list>
/// <para>
/// Runs of different entries may overlap; an entry never overlaps itself: an occurrence that comes while the entry's previous run is still
/// going is skipped and logged, not queued. A launch the operator refuses (the instance is already running in another process, or is
/// complete, or its parameters are invalid) is logged and skipped, and a job that fails is logged: the schedule goes on either way.
/// </para>
/// <para>
/// Misfires: when the scheduler starts, an entry whose cron expression had an occurrence after the creation of its job's newest execution
/// (read from the job repository, so it survives the process) missed that run while no scheduler was running. With
/// <see cref="MisfirePolicy.FireOnceNow"/> (the default) the job is run once at start, however many occurrences were missed; with
/// <see cref="MisfirePolicy.Skip"/> nothing is made up. A job that has never run has missed nothing: it first runs at its next occurrence.
/// </para>
/// <para>Every decision is logged on <see cref="BatchLogCategories.Schedule"/> (<c>Batch.Schedule</c>): each entry with its next time at start, each fire and its end, each skip.</para>
/// </remarks>
/// <example>
/// <code>
/// builder.Services.AddBatch(batch =&gt; batch
///     .AddJob(ExpirePassesJob.Create())
///     .Schedule("expire-passes", "*/10 * * * *", parameters: "region=eu"));
/// // the schedule command (or your code) then runs:
/// await host.Services.GetRequiredService&lt;JobScheduler&gt;().RunAsync(stoppingToken);
/// </code>
/// </example>
public sealed class JobScheduler
{
    /// <summary>The longest single wait: the clock is read again at least this often, so a changed system clock is noticed.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    /// <summary>How many missed occurrences are counted for the log before it says "or more".</summary>
    private const int CountLimit = 1000;

    /// <summary>How many of a job's newest instances are read to find its newest execution.</summary>
    private const int InstancesRead = 5;

    private readonly IJobOperator _operator;
    private readonly IJobRegistry _registry;
    private readonly IJobExplorer _explorer;
    private readonly IOptions<JobSchedulerOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    /// <summary>Creates a scheduler. Nothing is checked or read until <see cref="RunAsync"/>.</summary>
    /// <param name="jobOperator">Launches the jobs.</param>
    /// <param name="registry">The registered jobs (an entry's job must be one; its incrementer and business date decide how it is launched).</param>
    /// <param name="explorer">The job repository, read for each job's newest execution (misfires).</param>
    /// <param name="options">The entries.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Logging, on <see cref="BatchLogCategories.Schedule"/>; none when null.</param>
    public JobScheduler(IJobOperator jobOperator, IJobRegistry registry, IJobExplorer explorer, IOptions<JobSchedulerOptions> options,
        TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(jobOperator);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(explorer);
        ArgumentNullException.ThrowIfNull(options);
        _operator = jobOperator;
        _registry = registry;
        _explorer = explorer;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(BatchLogCategories.Schedule);
    }

    /// <summary>The configured entries, in order (code and configuration).</summary>
    /// <exception cref="OptionsValidationException">The configuration could not be read (see <see cref="Validate"/>).</exception>
    public IReadOnlyList<JobSchedule> Schedules => [.. _options.Value.Schedules];

    /// <summary>Called (in tests) when an entry starts waiting for an occurrence: the entry's index and the occurrence.</summary>
    internal Action<int, DateTimeOffset>? Waiting { get; set; }

    /// <summary>Called (in tests) when an entry's occurrence was handled — its run ended, or it was skipped: the entry's index and the occurrence.</summary>
    internal Action<int, DateTimeOffset>? Handled { get; set; }

    /// <summary>
    /// Checks every entry — the job is registered, the cron expression and time zone can be read, the parameters are well formed —
    /// without running anything.
    /// </summary>
    /// <exception cref="OptionsValidationException">
    /// Something is wrong; <see cref="OptionsValidationException.Failures"/> has one message per wrong field, each naming the entry
    /// (its configuration path, such as <c>Batch:Schedules:0</c>, or its index for an entry added in code) and saying what to write.
    /// </exception>
    public void Validate() => Read();

    /// <summary>Each entry with its next occurrence after now on the scheduler's clock (null when its cron has none), after the checks of <see cref="Validate"/>.</summary>
    /// <returns>The entries in order, with their next times.</returns>
    /// <exception cref="OptionsValidationException">An entry is wrong (see <see cref="Validate"/>).</exception>
    public IReadOnlyList<KeyValuePair<JobSchedule, DateTimeOffset?>> NextOccurrences()
    {
        var now = _time.GetUtcNow();
        return [.. Read().Select(e => KeyValuePair.Create(e.Schedule, e.Next(now)))];
    }

    /// <summary>
    /// Runs the schedules until <paramref name="cancellationToken"/> is cancelled: first the checks of <see cref="Validate"/>, then for
    /// each entry its misfire (see the remarks of <see cref="JobScheduler"/>), then its job at each occurrence. Returns once cancelled,
    /// after the runs in progress have ended: cancellation stops them at their next chunk boundary (STOPPED, restartable).
    /// </summary>
    /// <param name="cancellationToken">Ends the scheduler and stops its running jobs.</param>
    /// <returns>A task that completes when the scheduler has stopped.</returns>
    /// <exception cref="OptionsValidationException">An entry is wrong (see <see cref="Validate"/>); nothing was run.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var entries = Read();
        if (entries.Count == 0)
        {
            ScheduleLog.NoSchedules(_log);
        }
        else
        {
            ScheduleLog.Started(_log, entries.Count);
        }

        var loops = new Task[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            loops[i] = Task.Run(() => RunEntryAsync(entry, cancellationToken), CancellationToken.None);
        }

        if (loops.Length == 0)
        {
            await WaitAsync(DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        ScheduleLog.Stopped(_log);
    }

    private List<ScheduledEntry> Read()
    {
        var options = _options.Value;
        var failures = new List<string>(options.BindingErrors);
        var entries = ScheduledEntry.ReadAll(options.Schedules, () => _registry, _time, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JobSchedulerOptions), failures);
        }

        return entries;
    }

    /// <summary>One entry: its misfire, then a wait for each occurrence and a run unless its previous run is still going. Never throws but on a fault of the scheduler itself.</summary>
    private async Task RunEntryAsync(ScheduledEntry entry, CancellationToken cancellationToken)
    {
        var running = Task.CompletedTask;
        var ended = new RunEnd { Ended = true };
        var runningFor = DateTimeOffset.MinValue;
        try
        {
            var now = _time.GetUtcNow();
            if (entry.Launch == ScheduleLaunch.SameInstance)
            {
                ScheduleLog.SameInstance(_log, entry.Label, entry.JobName, entry.Parameters.ToString());
            }

            var first = entry.Next(now);
            if (await MisfireAsync(entry, now, first, cancellationToken).ConfigureAwait(false))
            {
                (running, ended) = Launch(entry, now, cancellationToken);
                runningFor = now;
            }

            var from = now;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (entry.Next(from) is not { } next)
                {
                    ScheduleLog.NoMoreOccurrences(_log, entry.Label, entry.Schedule.Cron);
                    break;
                }

                if (!await WaitAsync(next, cancellationToken, Waiting is { } waiting ? () => waiting(entry.Index, next) : null).ConfigureAwait(false))
                {
                    break;
                }

                now = _time.GetUtcNow();
                if (entry.CountBetween(next, now, CountLimit) is > 0 and var passed)
                {
                    ScheduleLog.Coalesced(_log, entry.Label, entry.Format(next), passed >= CountLimit ? $"{CountLimit} or more" : passed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                // Not the task's completion: the run counts as ended once it has (Handled is called after that, from within the task).
                if (!ended.Ended)
                {
                    ScheduleLog.SkippedStillRunning(_log, entry.Label, entry.Format(next), entry.Format(runningFor));
                    Handled?.Invoke(entry.Index, next);
                }
                else
                {
                    (running, ended) = Launch(entry, next, cancellationToken);
                    runningFor = next;
                }

                from = now > next ? now : next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped while reading the job's history
        }
        finally
        {
            await running.ConfigureAwait(false);
        }
    }

    /// <summary>At start: logs the entry's next time and decides whether a run was missed while the process was down.</summary>
    private async Task<bool> MisfireAsync(ScheduledEntry entry, DateTimeOffset now, DateTimeOffset? first, CancellationToken cancellationToken)
    {
        var zone = entry.Zone.Id;
        var nextText = first is { } f ? entry.Format(f) : "never (no more occurrences)";
        DateTimeOffset? newest;
        try
        {
            newest = await NewestExecutionCreatedAsync(entry.JobName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ScheduleLog.HistoryUnreadable(_log, entry.Label, entry.JobName, nextText, ex);
            return false;
        }

        if (newest is not { } last)
        {
            ScheduleLog.NeverRun(_log, entry.Label, entry.Schedule.Cron, zone, entry.JobName, nextText);
            return false;
        }

        ScheduleLog.NextRun(_log, entry.Label, entry.Schedule.Cron, zone, nextText);
        if (entry.Next(last) is not { } missed || missed > now)
        {
            return false;
        }

        var count = entry.CountBetween(last, now, CountLimit);
        var countText = count >= CountLimit ? $"{CountLimit} or more" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (entry.Schedule.Misfire == MisfirePolicy.Skip)
        {
            ScheduleLog.MisfireSkipped(_log, entry.Label, countText, entry.Format(missed), entry.Format(last));
            return false;
        }

        ScheduleLog.MisfireFiring(_log, entry.Label, countText, entry.Format(missed), entry.Format(last));
        return true;
    }

    /// <summary>The creation time of the job's newest execution, from the newest instances' last executions; null when the job never ran.</summary>
    private async Task<DateTimeOffset?> NewestExecutionCreatedAsync(string jobName, CancellationToken cancellationToken)
    {
        DateTimeOffset? newest = null;
        foreach (var instance in await _explorer.GetJobInstancesAsync(jobName, 0, InstancesRead, cancellationToken).ConfigureAwait(false))
        {
            if (await _explorer.GetLastJobExecutionAsync(instance, cancellationToken).ConfigureAwait(false) is { } execution && !(execution.CreateTime <= newest))
            {
                newest = execution.CreateTime;
            }
        }

        return newest;
    }

    /// <summary>
    /// Waits until the clock reaches <paramref name="time"/>, in waits of at most <see cref="MaxWait"/>; false when cancelled.
    /// <paramref name="armed"/> is called once the first wait's timer is set (or at once when the time has come), so a test may move its clock then.
    /// </summary>
    private async Task<bool> WaitAsync(DateTimeOffset time, CancellationToken cancellationToken, Action? armed = null)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = time == DateTimeOffset.MaxValue ? MaxWait : time - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                armed?.Invoke();
                return true;
            }

            var delay = Task.Delay(wait < MaxWait ? wait : MaxWait, _time, cancellationToken);
            armed?.Invoke();
            armed = null;
            if (time != DateTimeOffset.MaxValue && time <= _time.GetUtcNow())
            {
                // The clock reached the time between the wait's computation and its timer, which then counts from too late
                // (a process paused there; a test's clock moved at that instant): the time has come.
                return true;
            }

            try
            {
                await delay.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Starts a run on the thread pool (not on the timer's thread); the task never faults. The run's end is marked before it is reported handled.</summary>
    private (Task Running, RunEnd End) Launch(ScheduledEntry entry, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var end = new RunEnd();
        return (Task.Run(() => FireAsync(entry, occurrence, end, cancellationToken), CancellationToken.None), end);
    }

    private async Task FireAsync(ScheduledEntry entry, DateTimeOffset occurrence, RunEnd end, CancellationToken cancellationToken)
    {
        var at = entry.Format(occurrence);
        try
        {
            var given = entry.ParametersAt(occurrence);
            var parameters = given.IsEmpty ? "no parameters" : $"parameters [{given}]";
            switch (entry.Launch)
            {
                case ScheduleLaunch.CatchUp:
                    ScheduleLog.Firing(_log, entry.Label, at, $"catching up job '{entry.JobName}' ({parameters})");
                    var executions = await _operator.CatchUpAsync(entry.JobName, given, cancellationToken).ConfigureAwait(false);
                    if (executions.Count == 0)
                    {
                        ScheduleLog.NothingToCatchUp(_log, entry.Label, at);
                    }

                    foreach (var execution in executions)
                    {
                        LogEnd(entry, at, execution);
                    }

                    break;
                case ScheduleLaunch.NextInstance:
                    ScheduleLog.Firing(_log, entry.Label, at, $"the next instance of job '{entry.JobName}' ({parameters})");
                    LogEnd(entry, at, await _operator.StartNextInstanceAsync(entry.JobName, given.IsEmpty ? null : given, cancellationToken).ConfigureAwait(false));
                    break;
                default:
                    ScheduleLog.Firing(_log, entry.Label, at, $"job '{entry.JobName}' ({parameters})");
                    LogEnd(entry, at, await _operator.StartAsync(entry.JobName, given, cancellationToken).ConfigureAwait(false));
                    break;
            }
        }
        catch (Exception ex) when (ex is JobExecutionAlreadyRunningException or JobInstanceAlreadyCompleteException or JobRestartException
            or JobParametersInvalidException or JobParametersFormatException or StartLimitExceededException)
        {
            ScheduleLog.SkippedRefused(_log, entry.Label, at, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the scheduler is stopping; the job's own end (STOPPED) is in the job channels
        }
        catch (Exception ex)
        {
            ScheduleLog.LaunchFailed(_log, entry.Label, at, ex);
        }
        finally
        {
            end.Ended = true;
            Handled?.Invoke(entry.Index, occurrence);
        }
    }

    /// <summary>Whether a launched run has ended: set before the run reports itself handled, so the next occurrence after that signal sees it ended.</summary>
    private sealed class RunEnd
    {
#pragma warning disable CA1051 // a private flag shared by one run and its scheduler loop
        public volatile bool Ended;
#pragma warning restore CA1051
    }

    private void LogEnd(ScheduledEntry entry, string at, JobExecution execution)
    {
        if (execution.Status == BatchStatus.Completed)
        {
            ScheduleLog.Ended(_log, entry.Label, execution.Id, execution.JobInstance.Id, at, execution.ExitStatus.ExitCode);
        }
        else
        {
            ScheduleLog.EndedBadly(_log, entry.Label, execution.Id, execution.JobInstance.Id, at, execution.Status.ToCode(),
                string.IsNullOrEmpty(execution.ExitStatus.ExitDescription) ? execution.ExitStatus.ExitCode : FirstLine(execution.ExitStatus.ExitDescription));
        }
    }

    private static string FirstLine(string text) => text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? text[..end] : text;
}
