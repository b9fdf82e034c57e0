using System.CommandLine;
using System.Text.Json.Nodes;
using Batch.Hosting.CommandLine;
using Batch.Launch;
using Batch.Partitioning;
using Batch.Repository;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Hosting;

/// <summary>
/// The Batch operator command line, on System.CommandLine: <c>run</c>, <c>next</c>, <c>catch-up</c>, <c>restart</c>, <c>stop</c>,
/// <c>abandon</c>, <c>fail</c>, <c>recover</c>, <c>show</c>, <c>list</c>, <c>cleanup</c>, <c>worker</c>, and the commands added with
/// <see cref="BatchBuilder.AddCommand{TCommand}"/>. Every command has <c>--help</c> and <c>--json</c> (results as one JSON document on
/// standard output, for scripts). Returns a <see cref="BatchExitCodes">process exit code</see> — 0 completed, 1 failed, 2 usage error
/// (unknown command, job or execution, malformed or invalid parameters; nothing was created), 3 stopped, 4 refused — and prints one line
/// on standard error saying what was wrong when it fails (with <c>--json</c>, also a JSON object with <c>error</c> and <c>exitCode</c>).
/// </summary>
public sealed class BatchCommandLineRunner
{
    private readonly IJobOperator _operator;
    private readonly IJobExplorer _explorer;
    private readonly BatchOptions _options;
    private readonly Func<PartitionWorker?>? _worker;
    private readonly IServiceProvider? _services;

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

    /// <summary>Creates the runner from the services of <c>AddBatch</c>, with the commands registered as <see cref="IBatchCommand"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    public BatchCommandLineRunner(IServiceProvider services, BatchOptions? options)
        : this(
            (services ?? throw new ArgumentNullException(nameof(services))).GetRequiredService<IJobOperator>(), services.GetRequiredService<IJobExplorer>(), options,
            () => services.GetService<PartitionWorker>())
    {
        _services = services;
    }

    /// <summary>Runs one command, with its output not an interactive terminal (no progress bars).</summary>
    /// <param name="args">The arguments (command first).</param>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="error">Where the one-line error goes (standard error).</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C / SIGTERM: a running job stops at a chunk boundary.</param>
    /// <returns>The exit code.</returns>
    public Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, interactive: false, cancellationToken);

    /// <summary>Runs one command.</summary>
    /// <param name="args">The arguments (command first).</param>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="error">Where the one-line error goes (standard error).</param>
    /// <param name="interactive">Whether <paramref name="output"/> is an interactive terminal: commands that run a job then show live progress bars (<see cref="BatchOptions.ProgressBars"/>).</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C / SIGTERM: a running job stops at a chunk boundary.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var errors = new ErrorOutput(output, error, AsksForJson(args));
        try
        {
            return await DispatchAsync(args, output, error, interactive, errors, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NoSuchJobException or NoSuchJobExecutionException or JobParametersFormatException or JobParametersInvalidException)
        {
            var absence = ex is NoSuchJobExecutionException ? await AbsenceAsync(_services, cancellationToken).ConfigureAwait(false) : null;
            return await errors.WriteAsync("error: " + ex.Message + (absence is null ? string.Empty : $" Note: {absence}."), BatchExitCodes.UsageError).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JobExecutionAlreadyRunningException or JobInstanceAlreadyCompleteException or JobRestartException or JobExecutionNotRunningException)
        {
            return await errors.WriteAsync("refused: " + ex.Message, BatchExitCodes.Refused).ConfigureAwait(false);
        }
        catch (ExecutionStatusNotSavedException ex)
        {
            // The database stayed unreachable for BatchOptions.FinalStatusRetryFor: the message names the execution left STARTED and what to run.
            return await errors.WriteAsync("failed: " + ex.Message, BatchExitCodes.Failed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await errors.WriteAsync("stopped before the job started.", BatchExitCodes.Stopped).ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseFault(ex) is { } database)
        {
            // What escapes a command from a database is the job repository's: its server, its file, its connection string.
            return await errors.WriteAsync(
                $"failed: the job repository's database failed ({database.GetType().Name}: {database.Message.ReplaceLineEndings(" ").TrimEnd('.')}). " +
                "Check that its server is running and reachable from here, and the repository's connection string (host, port, database, user; " +
                "for SQLite, the file's path and that its folder exists).",
                BatchExitCodes.Failed).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the command line reports every failure as a message and an exit code
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return await errors.WriteAsync($"failed: {ex.GetType().Name}: {ex.Message}", BatchExitCodes.Failed).ConfigureAwait(false);
        }
    }

    /// <summary>Why the repository has no history yet (<see cref="IJobExplorer.DescribeAbsenceAsync"/>), or null — also when asking fails.</summary>
    internal static async Task<string?> AbsenceAsync(IServiceProvider? services, CancellationToken cancellationToken)
    {
        try
        {
            return services?.GetService<IJobExplorer>() is { } explorer ? await explorer.DescribeAbsenceAsync(cancellationToken).ConfigureAwait(false) : null;
        }
#pragma warning disable CA1031 // a note for a message: it must not replace the message it would explain
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>The command tree of one run: the built-in commands, then the registered ones.</summary>
    private RootCommand CreateRoot(BatchCommandContext context, CommandSession session)
    {
        var root = new RootCommand(
            "Batch: run, watch and repair the jobs of this application ('help <command>' or '<command> --help' describes a command). Exit codes: 0 completed, 1 failed, 2 usage error, 3 stopped, 4 refused.");
        root.Options.Add(context.JsonOption);
        foreach (var command in LaunchCommands.Create(session).Concat(ControlCommands.Create(session)).Concat(QueryCommands.Create(session)))
        {
            root.Subcommands.Add(command);
        }

        foreach (var extension in _services?.GetServices<IBatchCommand>() ?? [])
        {
            var command = extension.CreateCommand(context);
            if (root.Subcommands.Any(c => c.Name == command.Name))
            {
                throw new InvalidOperationException(
                    $"The command '{command.Name}' of {extension.GetType().Name} has the name of a command that exists: give it another name.");
            }

            root.Subcommands.Add(command);
        }

        return root;
    }

    private async Task<int> DispatchAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error, bool interactive, ErrorOutput errors, CancellationToken cancellationToken)
    {
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON document (for scripts).", Recursive = true };
        var context = new BatchCommandContext(_services ?? EmptyServices.Instance, output, error, json, interactive);
        var session = new CommandSession(_operator, _explorer, _options, _worker, context);
        var parsed = Parse(CreateRoot(context, session), args);
        if (parsed.Errors.Count > 0)
        {
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
            var where = parsed.CommandResult.Command is RootCommand ? "--help" : $"{parsed.CommandResult.Command.Name} --help";
            var message = args.Count == 0 ? "no command given." : first.Message.ReplaceLineEndings(" ");
            return await errors.WriteAsync($"error: {message} ('{where}' shows the usage)", BatchExitCodes.UsageError).ConfigureAwait(false);
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The database exception in <paramref name="exception"/> or its inner ones, if any.</summary>
    private static System.Data.Common.DbException? DatabaseFault(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException database)
            {
                return database;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the command line runs nothing but help or a usage error (<c>--help</c>, <c>help &lt;command&gt;</c>, no command, an
    /// unknown one): it then needs no started host, so <c>RunBatchCommandLineAsync</c> answers it without starting one.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>True when no command would run.</returns>
    internal bool RunsNothing(IReadOnlyList<string> args)
    {
        var context = new BatchCommandContext(_services ?? EmptyServices.Instance, TextWriter.Null, TextWriter.Null, new Option<bool>("--json") { Recursive = true }, interactive: false);
        var parsed = Parse(CreateRoot(context, new CommandSession(_operator, _explorer, _options, _worker, context)), args);
        return parsed.Errors.Count > 0 || parsed.Action is System.CommandLine.Help.HelpAction;
    }

    /// <summary>Parses the arguments (<c>help</c> and <c>help &lt;command&gt;</c> read as <c>--help</c>), without response files or POSIX bundling.</summary>
    private static ParseResult Parse(RootCommand root, IReadOnlyList<string> args)
    {
        var tokens = args switch
        {
            ["help"] => ["--help"],
            // 'help bogus' is the unknown command 'bogus' (a usage error), not the root's help.
            ["help", var command, ..] => root.Subcommands.Any(c => c.Name == command || c.Aliases.Contains(command)) ? [command, "--help"] : [command],
            _ => args,
        };
        return root.Parse(tokens, new ParserConfiguration { EnablePosixBundling = false, ResponseFileTokenReplacer = null });
    }

    /// <summary>Whether the command line asks for JSON output (<c>--json</c>), known before it is parsed.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>True when <c>--json</c> is among them.</returns>
    internal static bool AsksForJson(IReadOnlyList<string> args) => args.Contains("--json", StringComparer.Ordinal);

    /// <summary>Writes the one-line message of a failed command to standard error and, with <c>--json</c>, a JSON object to standard output.</summary>
    private sealed class ErrorOutput(TextWriter output, TextWriter error, bool json)
    {
        private static readonly string[] Prefixes = ["error: ", "refused: ", "failed: "];
        private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

        public async Task<int> WriteAsync(string message, int exitCode)
        {
            await error.WriteLineAsync(message).ConfigureAwait(false);
            if (json)
            {
                // The line's "error: ", "refused: " or "failed: " is for people; the JSON's exit code already says which.
                var text = Prefixes.FirstOrDefault(p => message.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? message[prefix.Length..] : message;
                await output.WriteLineAsync(new JsonObject { ["error"] = text, ["exitCode"] = exitCode }.ToJsonString(Indented)).ConfigureAwait(false);
            }

            return exitCode;
        }
    }

    /// <summary>The services of a runner created without them: none.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
