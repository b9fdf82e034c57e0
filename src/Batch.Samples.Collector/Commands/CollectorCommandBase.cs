using System.CommandLine;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Collector.Commands;

/// <summary>Shared plumbing of the collector's commands: the base directory, and a <see cref="CollectorException"/> turned into its message and exit code.</summary>
internal static class CollectorCommandBase
{
    /// <summary>Sets an action that gets the base directory and reports operator errors as one line on standard error.</summary>
    public static void SetCollectorAction(this Command command, BatchCommandContext context, Func<ParseResult, CollectorFolder, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var folder = context.Services.GetRequiredService<CollectorFolderProvider>().Get();
                return await action(result, folder, cancellationToken).ConfigureAwait(false);
            }
            catch (CollectorException ex)
            {
                await context.Error.WriteLineAsync($"{command.Name}: {ex.Message}").ConfigureAwait(false);
                return ex.ExitCode;
            }
        });
}
