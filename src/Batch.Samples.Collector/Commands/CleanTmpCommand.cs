using System.CommandLine;
using Batch.Hosting;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>cleantmp</c>: empties the collector's <c>tmp/</c> (the verification values, which grow large) before a night's first run, as
/// the seed's script does with <c>rm -f tmp/*</c> — but only inside the base directory: a symbolic link in tmp/ is removed as a link,
/// never followed, and a tmp/ that is itself a link out of the base directory is refused. Exit 0.
/// </summary>
public sealed class CleanTmpCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("cleantmp", "Empties the collector's tmp/ folder (never anything outside the base directory).");
        command.SetCollectorAction(context, async (_, folder, cancellationToken) =>
        {
            var tmp = folder.Resolve("tmp", "tmp folder");
            if (new DirectoryInfo(tmp).LinkTarget is not null)
            {
                throw new CollectorException($"{tmp} is a symbolic link; the collector empties only a real tmp/ folder inside its base directory.");
            }

            var removed = 0;
            if (Directory.Exists(tmp))
            {
                foreach (var entry in new DirectoryInfo(tmp).EnumerateFileSystemInfos())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    removed += Remove(entry);
                }
            }

            await context.Output.WriteLineAsync($"cleantmp: removed {removed} entries under {tmp}.").ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static int Remove(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && entry.LinkTarget is null)
        {
            var count = directory.EnumerateFileSystemInfos().Sum(Remove);
            directory.Delete();
            return count + 1;
        }

        // A file, or a link (to a file or a folder): the entry itself goes, never what a link points to.
        File.Delete(entry.FullName);
        return 1;
    }
}
