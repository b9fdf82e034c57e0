using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Batch.Engine;

namespace Batch.Hosting.CommandLine;

/// <summary>The commands that act on executions and history: <c>stop</c>, <c>abandon</c>, <c>fail</c>, <c>recover</c>, <c>cleanup</c> and <c>worker</c>.</summary>
internal static class ControlCommands
{
    public static IEnumerable<Command> Create(CommandSession session)
    {
        yield return Stop(session);
        yield return MarkEnded(session, "abandon", BatchStatus.Abandoned,
            "Marks an execution whose process is gone ABANDONED: its instance is never restarted (run it again with other identifying parameters).");
        yield return MarkEnded(session, "fail", BatchStatus.Failed,
            "Marks an execution whose process is gone FAILED, so 'restart' resumes it from its last committed chunk.");
        yield return Recover(session);
        yield return Cleanup(session);
        yield return Worker(session);
        yield return ScheduleCommand.Create(session);
    }

    private static Command Stop(CommandSession session)
    {
        var id = CommandArguments.ExecutionId("The running execution to stop.");
        var command = new Command("stop", "Stops a running execution at its next chunk boundary (STOPPED, restartable), from any process.") { id };
        command.SetAction(async (result, cancellationToken) =>
        {
            var stopping = await session.Operator.StopAsync(result.GetValue(id), cancellationToken).ConfigureAwait(false);
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(ExecutionOutput.ToJson(stopping, steps: false)).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            }

            await session.Output.WriteLineAsync(stopping.Status == BatchStatus.Stopped
                ? $"Execution {stopping.Id} of job '{stopping.JobName}' had no live process (its heartbeat was silent for longer than " +
                  $"{Describe(session.Options.RecoverStaleAfter)}): it is now STOPPED; 'restart {stopping.Id}' resumes it."
                : $"Execution {stopping.Id} of job '{stopping.JobName}' is {stopping.Status.ToCode()}: it stops at its next chunk boundary.").ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static Command MarkEnded(CommandSession session, string name, BatchStatus status, string description)
    {
        var id = CommandArguments.ExecutionId();
        var minutes = CommandArguments.Minutes("minutes",
            "Refuse unless its heartbeat has been silent this many minutes (default: Batch:RecoverStaleAfter; 0 when you know the process is gone).", name + " 1");
        var command = new Command(name, description) { id, minutes };
        command.SetAction(async (result, cancellationToken) =>
        {
            var silentFor = result.GetValue(minutes) ?? session.Options.RecoverStaleAfter;
            var before = await session.Explorer.GetJobExecutionAsync(result.GetValue(id), cancellationToken).ConfigureAwait(false);
            var marked = await session.Operator.MarkEndedAsync(result.GetValue(id), status, silentFor, cancellationToken).ConfigureAwait(false);
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(ExecutionOutput.ToJson(marked, steps: false)).ConfigureAwait(false);
            }
            else
            {
                await session.Output.WriteLineAsync(before?.Status == marked.Status
                    ? $"Execution {marked.Id} of job '{marked.JobName}' was already {marked.Status.ToCode()}; nothing changed."
                    : before?.Status == BatchStatus.Stopped && status == BatchStatus.Failed
                        ? $"Execution {marked.Id} of job '{marked.JobName}' is STOPPED, which is restartable already; nothing changed."
                        : $"Execution {marked.Id} of job '{marked.JobName}' is now {marked.Status.ToCode()}.").ConfigureAwait(false);
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static Command Recover(CommandSession session)
    {
        var minutes = CommandArguments.Minutes("minutes", "How long a heartbeat must have been silent (default: Batch:RecoverStaleAfter).", "recover");
        var command = new Command("recover",
            "Marks FAILED (restartable) every running execution whose heartbeat has been silent longer than the given minutes: their processes are gone.")
        {
            minutes,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var staleAfter = result.GetValue(minutes) ?? session.Options.RecoverStaleAfter;
            var recovered = await session.Operator.RecoverAsync(staleAfter, cancellationToken).ConfigureAwait(false);
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(new JsonObject
                {
                    ["silentForSeconds"] = staleAfter.TotalSeconds,
                    ["recovered"] = new JsonArray([.. recovered.Select(e => ExecutionOutput.ToJson(e, steps: false))]),
                }).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            }

            var silent = Describe(staleAfter);
            await session.Output.WriteLineAsync(recovered.Count == 0
                ? $"No running execution has been silent for more than {silent}."
                : $"Marked FAILED (restartable), silent for more than {silent}: " +
                  string.Join(", ", recovered.Select(e => $"execution {e.Id} of '{e.JobName}'"))).ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static Command Cleanup(CommandSession session)
    {
        var days = CommandArguments.Days();
        var includeRestartable = new Option<bool>("--include-restartable")
        {
            Description = "Also delete FAILED and STOPPED instances (by default they are kept, since a restart needs them).",
        };
        var command = new Command("cleanup",
            "Deletes the history of job instances whose last execution ended more than the given days ago. A deleted instance is forgotten: " +
            "its job run again with the same identifying parameters makes a new instance, even where it had COMPLETED or was ABANDONED.") { days, includeRestartable };
        command.SetAction(async (result, cancellationToken) =>
        {
            var olderThan = result.GetValue(days);
            var all = result.GetValue(includeRestartable);
            var deleted = await session.Operator.DeleteHistoryAsync(TimeSpan.FromDays(olderThan), all, cancellationToken).ConfigureAwait(false);
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(new JsonObject
                {
                    ["days"] = olderThan,
                    ["includeRestartable"] = all,
                    ["deletedInstances"] = deleted.Instances,
                    ["deletedExecutions"] = deleted.Executions,
                }).ConfigureAwait(false);
                return BatchExitCodes.Completed;
            }

            await session.Output.WriteLineAsync(
                $"Deleted {deleted.Instances} job instances ({deleted.Executions} executions) whose last execution ended " +
                (all ? string.Empty : "COMPLETED or ABANDONED ") + $"more than {olderThan} days ago" +
                (all ? "." : "; FAILED and STOPPED instances are kept for their restart (--include-restartable deletes them too).")).ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    /// <summary>Runs the partition worker until the command is stopped (Ctrl+C, SIGTERM) or it was idle for its configured time.</summary>
    private static Command Worker(CommandSession session)
    {
        var command = new Command("worker", "Runs partitions of remote partitioned steps (PostgreSQL) until stopped with Ctrl+C or SIGTERM.");
        command.SetAction(async (result, cancellationToken) =>
        {
            var worker = session.Worker?.Invoke() ?? throw new JobParametersInvalidException(
                "The 'worker' command runs partitions of remote partitioned steps, and this application has no remote partitioning: register it with " +
                "batch.UsePostgres(...).AddRemotePartitioning() (PostgreSQL only).");
            var json = session.WantsJson(result);
            if (!json)
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Worker {worker.WorkerId} waiting for partitions (lease {Durations.Describe(worker.Options.LeaseDuration)}); Ctrl+C stops it.")).ConfigureAwait(false);
                await session.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var count = await worker.RunAsync(cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await session.WriteJsonAsync(new JsonObject { ["worker"] = worker.WorkerId, ["partitions"] = count }).ConfigureAwait(false);
            }
            else
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Worker {worker.WorkerId} stopped after {count} partitions.")).ConfigureAwait(false);
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static string Describe(TimeSpan age) =>
        age.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)age.TotalMinutes} minutes")
            : Durations.Describe(age);
}
