using System.Globalization;
using Batch.Launch;
using Batch.Partitioning;
using Batch.Repository;

namespace Batch.Hosting;

/// <summary>
/// Runs the Batch command line: <c>run &lt;job&gt; [parameters]</c>, <c>next &lt;job&gt;</c>,
/// <c>restart &lt;executionId&gt;</c>, <c>stop &lt;executionId&gt;</c>, <c>abandon &lt;executionId&gt;</c>,
/// <c>fail &lt;executionId&gt;</c>, <c>recover [minutes]</c>, <c>show &lt;executionId&gt;</c>, <c>list</c>, <c>cleanup &lt;days&gt; [--include-restartable]</c>,
/// <c>worker</c> (runs partitions of remote partitioned steps until stopped; see <see cref="PartitionWorker"/>).
/// Returns a <see cref="BatchExitCodes">process exit code</see> and prints one line saying what was wrong when it fails.
/// </summary>
public sealed class BatchCommandLineRunner
{
    /// <summary>The most days <c>cleanup</c> accepts: a hundred years.</summary>
    private const int MaxCleanupDays = 36_500;

    private const string Usage =
        "usage: run <job> [name=value&name2:type=value ...] | next <job> [parameters] | catch-up <job> [parameters] | restart <executionId> | stop <executionId> | " +
        "abandon <executionId> [minutes] | fail <executionId> [minutes] | recover [minutes] | show <executionId> | list | cleanup <days> [--include-restartable] | worker";

    private readonly IJobOperator _operator;
    private readonly IJobExplorer _explorer;
    private readonly BatchOptions _options;
    private readonly Func<PartitionWorker?>? _worker;

    /// <summary>Creates the runner.</summary>
    /// <param name="jobOperator">The operator.</param>
    /// <param name="explorer">The explorer.</param>
    /// <param name="options">The settings (<see cref="BatchOptions.RecoverStaleAfter"/>, <see cref="BatchOptions.ListInstancesPerJob"/>); the defaults when null.</param>
    public BatchCommandLineRunner(IJobOperator jobOperator, IJobExplorer explorer, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(jobOperator);
        ArgumentNullException.ThrowIfNull(explorer);
        _operator = jobOperator;
        _explorer = explorer;
        _options = options ?? new BatchOptions();
    }

    /// <summary>Creates the runner with the <c>worker</c> command of remote partitioning.</summary>
    /// <param name="jobOperator">The operator.</param>
    /// <param name="explorer">The explorer.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <param name="worker">Gives the partition worker the <c>worker</c> command runs, or null when remote partitioning is not registered.</param>
    public BatchCommandLineRunner(IJobOperator jobOperator, IJobExplorer explorer, BatchOptions? options, Func<PartitionWorker?> worker)
        : this(jobOperator, explorer, options)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _worker = worker;
    }

    /// <summary>Runs one command.</summary>
    /// <param name="args">The arguments (command first).</param>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="error">Where the one-line error goes (standard error).</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C / SIGTERM: a running job stops at a chunk boundary.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await DispatchAsync(args, output, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NoSuchJobException or NoSuchJobExecutionException or JobParametersFormatException or JobParametersInvalidException)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return BatchExitCodes.UsageError;
        }
        catch (Exception ex) when (ex is JobExecutionAlreadyRunningException or JobInstanceAlreadyCompleteException or JobRestartException or JobExecutionNotRunningException)
        {
            await error.WriteLineAsync("refused: " + ex.Message).ConfigureAwait(false);
            return BatchExitCodes.Refused;
        }
        catch (ExecutionStatusNotSavedException ex)
        {
            // The database stayed unreachable for BatchOptions.FinalStatusRetryFor: the message names the execution left STARTED and what to run.
            await error.WriteLineAsync("failed: " + ex.Message).ConfigureAwait(false);
            return BatchExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("stopped before the job started.").ConfigureAwait(false);
            return BatchExitCodes.Stopped;
        }
#pragma warning disable CA1031 // the command line reports every failure as a message and an exit code
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"failed: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return BatchExitCodes.Failed;
        }
    }

    private async Task<int> DispatchAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            await error.WriteLineAsync("error: no command given. " + Usage).ConfigureAwait(false);
            return BatchExitCodes.UsageError;
        }

        var command = args[0].ToLowerInvariant();
        switch (command)
        {
            case "run" when args.Count >= 2:
                return await ReportAsync(await _operator.StartAsync(args[1], ParseParameters(command, args), cancellationToken).ConfigureAwait(false), output).ConfigureAwait(false);
            case "next" when args.Count >= 2:
                var overrides = args.Count > 2 ? ParseParameters(command, args) : null;
                return await ReportAsync(await _operator.StartNextInstanceAsync(args[1], overrides, cancellationToken).ConfigureAwait(false), output).ConfigureAwait(false);
            case "catch-up" when args.Count >= 2:
                return await CatchUpAsync(args[1], args.Count > 2 ? ParseParameters(command, args) : null, output, cancellationToken).ConfigureAwait(false);
            case "restart" when args.Count == 2:
                return await ReportAsync(await _operator.RestartAsync(ParseId(args[1]), cancellationToken).ConfigureAwait(false), output).ConfigureAwait(false);
            case "stop" when args.Count == 2:
                var stopping = await _operator.StopAsync(ParseId(args[1]), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(stopping.Status == BatchStatus.Stopped
                    ? $"Execution {stopping.Id} of job '{stopping.JobName}' had no live process (its heartbeat was silent for longer than {Describe(_options.RecoverStaleAfter)}): " +
                      $"it is now STOPPED; 'restart {stopping.Id}' resumes it."
                    : $"Execution {stopping.Id} of job '{stopping.JobName}' is {stopping.Status.ToCode()}: it stops at its next chunk boundary.").ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "abandon" when args.Count is 2 or 3:
            case "fail" when args.Count is 2 or 3:
                var status = command == "abandon" ? BatchStatus.Abandoned : BatchStatus.Failed;
                var silentFor = args.Count == 3 ? ParseMinutes(args[2], command + " " + args[1]) : _options.RecoverStaleAfter;
                var marked = await _operator.MarkEndedAsync(ParseId(args[1]), status, silentFor, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"Execution {marked.Id} of job '{marked.JobName}' is now {marked.Status.ToCode()}.").ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "show" when args.Count == 2:
                var execution = await _explorer.GetJobExecutionAsync(ParseId(args[1]), cancellationToken).ConfigureAwait(false)
                    ?? throw new NoSuchJobExecutionException($"There is no job execution with id {args[1]}; 'list' shows the recent ones.");
                await WriteExecutionAsync(execution, output).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "list" when args.Count == 1:
                await ListAsync(output, cancellationToken).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "cleanup" when args.Count == 2 || (args.Count == 3 && args[2] == "--include-restartable"):
                if (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days > MaxCleanupDays)
                {
                    throw new JobParametersInvalidException(
                        $"'{Cut(args[1])}' is not a number of days from 0 to {MaxCleanupDays} (100 years): write for example 'cleanup 30'.");
                }

                var includeRestartable = args.Count == 3;
                var deleted = await _operator.DeleteHistoryAsync(TimeSpan.FromDays(days), includeRestartable, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(
                    $"Deleted {deleted.Instances} job instances ({deleted.Executions} executions) whose last execution ended " +
                    (includeRestartable ? string.Empty : "COMPLETED or ABANDONED ") + $"more than {days} days ago" +
                    (includeRestartable ? "." : "; FAILED and STOPPED instances are kept for their restart (--include-restartable deletes them too).")).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "recover" when args.Count <= 2:
                var staleAfter = _options.RecoverStaleAfter;
                if (args.Count == 2)
                {
                    staleAfter = ParseMinutes(args[1], "recover");
                }

                var recovered = await _operator.RecoverAsync(staleAfter, cancellationToken).ConfigureAwait(false);
                var silent = Describe(staleAfter);
                await output.WriteLineAsync(recovered.Count == 0
                    ? $"No running execution has been silent for more than {silent}."
                    : $"Marked FAILED (restartable), silent for more than {silent}: " +
                      string.Join(", ", recovered.Select(e => $"execution {e.Id} of '{e.JobName}'"))).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            case "worker" when args.Count == 1:
                return await RunWorkerAsync(output, cancellationToken).ConfigureAwait(false);
            case "help" or "--help" or "-h":
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            default:
                var known = command is "run" or "next" or "catch-up" or "restart" or "stop" or "abandon" or "fail" or "recover" or "show" or "list" or "cleanup" or "worker";
                await error.WriteLineAsync(
                    (known ? $"error: wrong number of arguments for '{args[0]}'. " : $"error: unknown command '{args[0]}'. ") + Usage).ConfigureAwait(false);
                return BatchExitCodes.UsageError;
        }
    }

    /// <summary>Runs the partition worker until the command is stopped (Ctrl+C, SIGTERM) or it was idle for its configured time.</summary>
    private async Task<int> RunWorkerAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var worker = _worker?.Invoke() ?? throw new JobParametersInvalidException(
            "The 'worker' command runs partitions of remote partitioned steps, and this application has no remote partitioning: register it with " +
            "batch.UsePostgres(...).AddRemotePartitioning() (PostgreSQL only).");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Worker {worker.WorkerId} waiting for partitions (lease {Engine.Durations.Describe(worker.Options.LeaseDuration)}); Ctrl+C stops it.")).ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        var count = await worker.RunAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Worker {worker.WorkerId} stopped after {count} partitions.")).ConfigureAwait(false);
        return BatchExitCodes.Completed;
    }

    /// <summary>The job parameters after the job name; an argument starting with <c>--</c> is refused as an unknown option.</summary>
    private static JobParameters ParseParameters(string command, IReadOnlyList<string> args)
    {
        for (var i = 2; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new JobParametersFormatException(args[i],
                    $"'{command}' has no options, and a job parameter is written without '--' (name=value, name:long=42, or -name=value for a non-identifying one)");
            }
        }

        return JobParametersParser.Parse(args.Skip(2));
    }

    private static string Describe(TimeSpan age) =>
        age.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)age.TotalMinutes} minutes")
            : Engine.Durations.Describe(age);

    private static TimeSpan ParseMinutes(string text, string example) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes <= MaxCleanupDays * 24 * 60
            ? TimeSpan.FromMinutes(minutes)
            : throw new JobParametersInvalidException($"'{Cut(text)}' is not a number of minutes: write for example '{example} 10'.");

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static long ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new NoSuchJobExecutionException($"'{text}' is not an execution id: give the number that 'list' shows.");

    /// <summary>Runs a job's business dates not yet completed, reporting each; the exit code is the last one's (0 when there was nothing to run).</summary>
    private async Task<int> CatchUpAsync(string jobName, JobParameters? parameters, TextWriter output, CancellationToken cancellationToken)
    {
        var executions = await _operator.CatchUpAsync(jobName, parameters, cancellationToken).ConfigureAwait(false);
        if (executions.Count == 0)
        {
            await output.WriteLineAsync($"Job '{jobName}': every business date up to today has completed; nothing to catch up.").ConfigureAwait(false);
            return BatchExitCodes.Completed;
        }

        var exitCode = BatchExitCodes.Completed;
        foreach (var execution in executions)
        {
            exitCode = await ReportAsync(execution, output).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static async Task<int> ReportAsync(JobExecution execution, TextWriter output)
    {
        await WriteExecutionAsync(execution, output).ConfigureAwait(false);
        return BatchExitCodes.ForStatus(execution.Status);
    }

    private static async Task WriteExecutionAsync(JobExecution execution, TextWriter output)
    {
        var elapsed = execution.EndTime - execution.StartTime;
        var took = elapsed is { } e ? string.Create(CultureInfo.InvariantCulture, $", {e.TotalSeconds:0.###} s") : string.Empty;
        var parameters = execution.JobParameters.IsEmpty ? string.Empty : $", parameters [{execution.JobParameters}]";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Job '{execution.JobName}' execution {execution.Id} (instance {execution.JobInstance.Id}) {execution.Status.ToCode()}, exit {execution.ExitStatus.ExitCode}{took}{parameters}")).ConfigureAwait(false);
        foreach (var step in execution.StepExecutions)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  step '{step.StepName}' {step.Status.ToCode()}: read {step.ReadCount}, written {step.WriteCount}, filtered {step.FilterCount}, " +
                $"skipped {step.SkipCount}, commits {step.CommitCount}, rollbacks {step.RollbackCount}")).ConfigureAwait(false);
        }

        if (execution.Status != BatchStatus.Completed && execution.ExitStatus.ExitDescription.Length > 0)
        {
            var firstLine = execution.ExitStatus.ExitDescription.Split('\n')[0].Trim();
            await output.WriteLineAsync("  reason: " + firstLine).ConfigureAwait(false);
        }
    }

    private async Task ListAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Jobs: " + (_operator.JobNames.Count == 0 ? "(none registered)" : string.Join(", ", _operator.JobNames))).ConfigureAwait(false);
        foreach (var name in (await _explorer.GetJobNamesAsync(cancellationToken).ConfigureAwait(false)).Union(_operator.JobNames).Distinct())
        {
            foreach (var instance in await _explorer.GetJobInstancesAsync(name, 0, _options.ListInstancesPerJob, cancellationToken).ConfigureAwait(false))
            {
                foreach (var execution in await _explorer.GetJobExecutionsAsync(instance, cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {execution.Id,6}  {name}  instance {instance.Id}  {execution.Status.ToCode(),-9}  {execution.StartTime:u}  [{execution.JobParameters}]")).ConfigureAwait(false);
                }
            }
        }
    }
}
