using System.CommandLine;
using Batch.Hosting;
using Batch.Infrastructure.Storage;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>cleantmp [PATH...]</c>: empties the collector's <c>tmp/</c> (the verification values, which grow large) before a night's first
/// run, as the seed's script does with <c>rm -f tmp/*</c> — through the library's file storage rules (<see cref="CollectorFiles"/>:
/// tmp/ is the warehouse, <c>trash/</c> the trash). Each entry is thrown away into the trash with a retention of 0 days and the
/// trash's expired entries are then deleted, so only paths that resolve inside tmp/ are ever touched: a link in a thrown-away folder
/// is removed as a link, never followed, and an entry of tmp/ that leaves it through a link is refused and left as it is. PATHs are
/// relative to tmp/ (a base time's folder, say); none means everything in it. Exit 0 when emptied; 1 when an entry was refused;
/// 2 for a PATH that is rooted, climbs out with <c>..</c> or leaves tmp/ through a link, or a tmp/ that is itself a link.
/// </summary>
public sealed class CleanTmpCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paths = new Argument<string[]>("PATH") { Description = "Entries of tmp/ to remove, relative to it; none for everything.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("cleantmp", "Empties the collector's tmp/ folder through the trash (never anything outside it).") { paths };
        command.SetCollectorAction(context, async (result, folder, cancellationToken) =>
        {
            var tmp = folder.Resolve("tmp", "tmp folder");
            if (new DirectoryInfo(tmp).LinkTarget is not null)
            {
                throw new CollectorException($"{tmp} is a symbolic link; the collector empties only a real tmp/ folder inside its base directory.");
            }

            if (!Directory.Exists(tmp))
            {
                await context.Output.WriteLineAsync($"cleantmp: {tmp} does not exist; nothing to remove.").ConfigureAwait(false);
                return BatchExitCodes.Completed;
            }

            using var files = CollectorFiles.Open(folder);
            var given = result.GetValue(paths) ?? [];
            var entries = given.Length == 0
                ? [.. new DirectoryInfo(tmp).EnumerateFileSystemInfos().Select(e => e.FullName)]
                : given.Select(p => Checked(files.Tmp, p)).Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
            var refused = new List<string>();
            var thrown = 0;
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    files.Trash.ThrowAway(entry, retentionDays: 0);
                    thrown++;
                }
                catch (StoragePathException ex)
                {
                    refused.Add(ex.Message);
                }
                catch (FileNotFoundException ex)
                {
                    refused.Add($"{entry}: {ex.Message} (a link whose target is gone?)");
                }
            }

            var deleted = files.Trash.EmptyExpired(cancellationToken);
            await context.Output.WriteLineAsync(
                $"cleantmp: threw {thrown} entries of {tmp} away into {files.Trash.BaseFolder} and emptied {deleted.Count} expired entries of it.").ConfigureAwait(false);
            foreach (var reason in refused)
            {
                await context.Error.WriteLineAsync($"cleantmp: left as it is: {reason}").ConfigureAwait(false);
            }

            return refused.Count == 0 ? BatchExitCodes.Completed : BatchExitCodes.Failed;
        });
        return command;
    }

    /// <summary>A PATH argument resolved inside tmp/ by the warehouse's rules.</summary>
    private static string Checked(Warehouse tmp, string path)
    {
        try
        {
            return tmp.GetPath(path);
        }
        catch (StoragePathException ex)
        {
            throw new CollectorException($"PATH '{path}': {ex.Message}", ex);
        }
    }
}
