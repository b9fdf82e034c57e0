using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Runs the Batch command line on a generic host.</summary>
public static class BatchHostExtensions
{
    /// <summary>
    /// Starts the host, runs one Batch command (<c>run &lt;job&gt; [parameters]</c>, <c>restart &lt;id&gt;</c>,
    /// <c>stop &lt;id&gt;</c>, <c>list</c>, ...) and stops the host. Ctrl+C and SIGTERM (the host's
    /// <see cref="IHostApplicationLifetime.ApplicationStopping"/>) and <paramref name="cancellationToken"/> stop a running
    /// job at its next chunk boundary (STOPPED, restartable; exit code <see cref="BatchExitCodes.Stopped"/>).
    /// Settings that fail validation (<see cref="BatchOptions"/>) are printed and end the run with <see cref="BatchExitCodes.UsageError"/>.
    /// Help (<c>--help</c>, <c>help &lt;command&gt;</c>) and usage errors (no command, an unknown one) are answered without starting the host.
    /// When standard output is a terminal (not redirected), commands that run a job show live progress bars (<see cref="BatchOptions.ProgressBars"/>).
    /// With <c>--json</c>, standard output carries the command's JSON document and nothing else: from the call on, whatever else
    /// the process writes to <see cref="Console.Out"/> — the console logger's lines (the default <c>AddConsole</c> logger's too, whose
    /// options are set to send every level to standard error), the host's "Application started" — goes to standard error, so a script
    /// can parse standard output as it is.
    /// </summary>
    /// <param name="host">The built host (with <c>AddBatch</c> registered).</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="cancellationToken">Stops the run as Ctrl+C does (for example a deadline, or the caller's own shutdown).</param>
    /// <returns>The process exit code (see <see cref="BatchExitCodes"/>).</returns>
    /// <example>
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(); // not (args): the host's own command-line configuration refuses '-name=value'
    /// builder.Services.AddBatch(batch =&gt; batch.AddJob(myJob));
    /// using var host = builder.Build();
    /// return await host.RunBatchCommandLineAsync(args);
    /// </code>
    /// </example>
    public static async Task<int> RunBatchCommandLineAsync(this IHost host, IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        var output = Console.Out;
        if (BatchCommandLineRunner.AsksForJson(args))
        {
            // Not restored: the console logger writes from its own thread until the host is disposed, after this returns.
            Console.SetOut(Console.Error);
            SendConsoleLoggerToStandardError(host.Services);
        }

        BatchCommandLineRunner runner;
        try
        {
            runner = host.Services.GetRequiredService<BatchCommandLineRunner>(); // validates the settings, as the start does
            if (runner.RunsNothing(args))
            {
                // Help and usage errors need no started host: without one, its start lines ("Application started") stay out of the help.
                return await runner.RunAsync(args, output, Console.Error, interactive: false, cancellationToken).ConfigureAwait(false);
            }

            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (InvalidSettings(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync("error: " + failure).ConfigureAwait(false);
            }

            if (BatchCommandLineRunner.AsksForJson(args))
            {
                // As every failure with --json: the error as a JSON object on standard output too.
                var error = new System.Text.Json.Nodes.JsonObject { ["error"] = string.Join(" ", failures), ["exitCode"] = BatchExitCodes.UsageError };
                await output.WriteLineAsync(error.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            }

            return BatchExitCodes.UsageError;
        }

        try
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, cancellationToken);
            return await runner.RunAsync(args, output, Console.Error, interactive: !Console.IsOutputRedirected, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends every line of the default console logger (<c>AddConsole</c>, which the default host builders add) to standard error. It took
    /// its writers when the host was built, so <see cref="Console.SetOut"/> does not move it; its loggers read the threshold of their
    /// options at each line, and those options are the monitor's current instance.
    /// </summary>
    private static void SendConsoleLoggerToStandardError(IServiceProvider services)
    {
        if (services.GetService<IOptionsMonitor<ConsoleLoggerOptions>>() is { } console)
        {
            console.CurrentValue.LogToStandardErrorThreshold = LogLevel.Trace;
        }
    }

    /// <summary>The messages of options that failed validation on start (one exception, or several in an aggregate), else none.</summary>
    private static List<string> InvalidSettings(Exception exception) =>
        exception switch
        {
            OptionsValidationException invalid => [.. invalid.Failures],
            AggregateException all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
                [.. all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
            _ => [],
        };
}
