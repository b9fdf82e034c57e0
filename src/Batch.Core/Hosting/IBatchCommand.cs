using System.CommandLine;

namespace Batch.Hosting;

/// <summary>
/// A command added to the Batch command line (<see cref="BatchCommandLineRunner"/>) beside <c>run</c>, <c>show</c>, <c>list</c> and
/// the others: register it with <see cref="BatchBuilder.AddCommand{TCommand}"/> (or as a singleton <see cref="IBatchCommand"/>).
/// The command is a System.CommandLine <see cref="Command"/> with its action; the action returns a <see cref="BatchExitCodes">Batch exit code</see>,
/// writes results to <see cref="BatchCommandContext.Output"/> (as JSON when <see cref="BatchCommandContext.WantsJson"/>) and may throw the
/// exceptions the other commands throw (an unknown job or execution, invalid parameters, a refused launch): the runner turns them into the
/// documented exit code and a one-line message.
/// </summary>
/// <example>
/// <code>
/// public sealed class PingCommand : IBatchCommand
/// {
///     public Command CreateCommand(BatchCommandContext context)
///     {
///         var command = new Command("ping", "Says pong.");
///         command.SetAction(async (result, cancellationToken) =&gt;
///         {
///             await context.Output.WriteLineAsync(context.WantsJson(result) ? "{\"pong\":true}" : "pong");
///             return BatchExitCodes.Completed;
///         });
///         return command;
///     }
/// }
/// </code>
/// </example>
public interface IBatchCommand
{
    /// <summary>Creates the command; called once for each run of the command line.</summary>
    /// <param name="context">The run's output, error writer, services and the shared <c>--json</c> option.</param>
    /// <returns>The command, with its action set.</returns>
    Command CreateCommand(BatchCommandContext context);
}
