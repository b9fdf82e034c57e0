using System.Security.Cryptography;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// The kept input of a change detection in the warehouse, and the one it replaced (<c>.previous</c>): which of them a step
/// execution compares with, recorded in the step's context by the SHA-256 of the file's content (or "none" on a first run),
/// so a restart compares with the same one even when the step had stored today's input before its end was saved.
/// </summary>
internal sealed class KeptInput(Warehouse warehouse, string keptName)
{
    /// <summary>The step context's key of the kept file compared with.</summary>
    public const string BaseKey = "changedRecords.base";

    private const string None = "none";

    private string KeptPath => warehouse.GetPath(keptName);

    private string PreviousPath => warehouse.GetPath(keptName + ".previous");

    /// <summary>
    /// The file to compare today's input with (null: none, a first run). On a step's first execution, the kept file, recorded in
    /// <paramref name="context"/>; on a restart, the kept or the previous file, whichever the context recorded.
    /// </summary>
    /// <exception cref="ItemStreamException">Neither file is the one recorded: it was changed or deleted since.</exception>
    public async ValueTask<string?> ChooseBaseAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.GetRaw(BaseKey) is not string recorded)
        {
            var kept = File.Exists(KeptPath) ? KeptPath : null;
            context.Put(BaseKey, kept is null ? None : await IdentityAsync(kept, cancellationToken).ConfigureAwait(false));
            return kept;
        }

        if (recorded == None)
        {
            return null;
        }

        foreach (var path in new[] { KeptPath, PreviousPath })
        {
            if (File.Exists(path) && await IdentityAsync(path, cancellationToken).ConfigureAwait(false) == recorded)
            {
                return path;
            }
        }

        throw new ItemStreamException(
            $"The kept input this step compared with before ({KeptPath}, size and store time {recorded}) is no longer in the warehouse, as it " +
            $"is nor as {Path.GetFileName(PreviousPath)}: it was replaced or deleted since. Put it back, or start a new job instance.");
    }

    /// <summary>
    /// Before today's input is stored as the kept one: moves the kept file to <c>.previous</c> when it is the one this step compared
    /// with; when it is not (an earlier execution of the step stored today's input already), leaves <c>.previous</c> as it is.
    /// </summary>
    public async ValueTask SetAsideBaseAsync(BatchExecutionContext context, CancellationToken cancellationToken)
    {
        var kept = KeptPath;
        if (File.Exists(kept) && context.GetRaw(BaseKey) is string recorded && recorded != None
            && await IdentityAsync(kept, cancellationToken).ConfigureAwait(false) == recorded)
        {
            File.Move(kept, PreviousPath, overwrite: true);
        }
    }

    private static async Task<string> IdentityAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
    }
}
