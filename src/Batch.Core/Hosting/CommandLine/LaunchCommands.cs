using System.CommandLine;
using System.Text.Json.Nodes;

namespace Batch.Hosting.CommandLine;

/// <summary>The commands that run a job: <c>run</c>, <c>next</c>, <c>catch-up</c> and <c>restart</c>.</summary>
internal static class LaunchCommands
{
    public static IEnumerable<Command> Create(CommandSession session)
    {
        yield return Run(session);
        yield return Next(session);
        yield return CatchUp(session);
        yield return Restart(session);
    }

    private static Command Run(CommandSession session)
    {
        var job = CommandArguments.JobName();
        var parameters = CommandArguments.Parameters();
        var command = new Command("run", "Runs a job with the given parameters: a new instance, or the restart of the instance's failed or stopped execution.")
        {
            job, parameters,
        };
        var wait = WaitOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => LaunchAsync(session, result,
            token => session.Operator.StartAsync(result.GetRequiredValue(job), ParseParameters("run", result.GetValue(parameters)), wait.Read(result), token),
            cancellationToken));
        return command;
    }

    private static Command Next(CommandSession session)
    {
        var job = CommandArguments.JobName();
        var parameters = CommandArguments.Parameters();
        var command = new Command("next", "Runs a new instance of a job: its incrementer (for example run.id) makes the next parameters; given ones override.")
        {
            job, parameters,
        };
        var wait = WaitOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => LaunchAsync(session, result, token =>
        {
            var overrides = result.GetValue(parameters) is { Length: > 0 } given ? ParseParameters("next", given) : null;
            return session.Operator.StartNextInstanceAsync(result.GetRequiredValue(job), overrides, wait.Read(result), token);
        }, cancellationToken));
        return command;
    }

    private static Command CatchUp(CommandSession session)
    {
        var job = CommandArguments.JobName();
        var parameters = CommandArguments.Parameters();
        var command = new Command("catch-up",
            "Runs every business date of a job not yet completed, up to today, in order (failed ones restarted first); stops at the first that does not complete.")
        {
            job, parameters,
        };
        var wait = WaitOptions.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetRequiredValue(job);
            var overrides = result.GetValue(parameters) is { Length: > 0 } given ? ParseParameters("catch-up", given) : null;
            var launch = wait.Read(result);
            var executions = await ProgressDisplay.WhileRunningAsync(session, result, token => session.Operator.CatchUpAsync(name, overrides, launch, token), cancellationToken)
                .ConfigureAwait(false);
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(new JsonObject { ["executions"] = new JsonArray([.. executions.Select(e => ExecutionOutput.ToJson(e))]) }).ConfigureAwait(false);
            }
            else if (executions.Count == 0)
            {
                await session.Output.WriteLineAsync($"Job '{name}': every business date up to today has completed; nothing to catch up.").ConfigureAwait(false);
            }
            else
            {
                foreach (var execution in executions)
                {
                    await ExecutionOutput.WriteTextAsync(execution, session.Output).ConfigureAwait(false);
                }
            }

            return executions.Count == 0 ? BatchExitCodes.Completed : BatchExitCodes.ForStatus(executions[^1].Status);
        });
        return command;
    }

    private static Command Restart(CommandSession session)
    {
        var id = CommandArguments.ExecutionId("The failed or stopped execution to resume from its last committed chunk.");
        var command = new Command("restart", "Restarts a failed or stopped execution: a new execution of its instance resumes from the last committed chunk.") { id };
        var wait = WaitOptions.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            LaunchAsync(session, result, token => session.Operator.RestartAsync(result.GetValue(id), wait.Read(result), token), cancellationToken));
        return command;
    }

    private static async Task<int> LaunchAsync(CommandSession session, ParseResult result, Func<CancellationToken, Task<JobExecution>> launch, CancellationToken cancellationToken)
    {
        var execution = await ProgressDisplay.WhileRunningAsync(session, result, launch, cancellationToken).ConfigureAwait(false);
        if (session.WantsJson(result))
        {
            await session.WriteJsonAsync(ExecutionOutput.ToJson(execution)).ConfigureAwait(false);
        }
        else
        {
            await ExecutionOutput.WriteTextAsync(execution, session.Output).ConfigureAwait(false);
        }

        return BatchExitCodes.ForStatus(execution.Status);
    }

    /// <summary>The job parameters of the command line; an argument starting with <c>--</c> is refused as an unknown option.</summary>
    private static JobParameters ParseParameters(string command, string[]? arguments)
    {
        if (arguments is null or { Length: 0 })
        {
            return JobParameters.Empty;
        }

        foreach (var argument in arguments)
        {
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                throw new JobParametersFormatException(argument,
                    $"'{command}' has no such option ('{command} --help' lists them), and a job parameter is written without '--' (name=value, name:long=42, " +
                    "or -name=value for a non-identifying one)");
            }
        }

        return JobParametersParser.Parse(arguments);
    }
}
