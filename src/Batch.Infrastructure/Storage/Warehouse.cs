using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// Files kept across executions (seed 002's 倉庫): received files, the last processed input of a change detection.
/// A stored file is written under a temporary name and renamed, so a reader never sees half of it; its store time
/// (its last-write time) decides when <see cref="PurgeExpired"/> deletes it, after <see cref="Retention"/>.
/// Every path is relative to the base folder and checked.
/// </summary>
public sealed class Warehouse
{
    private const string TempSuffix = ".storing";
    private readonly BaseFolder _base;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal Warehouse(BaseFolder baseFolder, TimeSpan retention, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _base = baseFolder;
        Retention = retention;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The base folder, absolute, links resolved.</summary>
    public string BaseFolder => _base.Root;

    /// <summary>How long a stored file is kept.</summary>
    public TimeSpan Retention { get; }

    /// <summary>The checked absolute path of a file in the warehouse (which need not exist).</summary>
    /// <param name="relativePath">A path relative to the warehouse, such as <c>sales/2026-12-01.csv</c>.</param>
    /// <returns>The path.</returns>
    /// <exception cref="StoragePathException">The path is empty, rooted, contains <c>..</c> or leaves the warehouse through a link.</exception>
    public string GetPath(string relativePath) => _base.Resolve(relativePath);

    /// <summary>Whether a file is stored under that name.</summary>
    /// <param name="relativePath">A path relative to the warehouse.</param>
    /// <returns>True when it exists.</returns>
    public bool Exists(string relativePath) => File.Exists(_base.Resolve(relativePath));

    /// <summary>Opens a stored file for asynchronous reading.</summary>
    /// <param name="relativePath">A path relative to the warehouse.</param>
    /// <returns>The stream; dispose it.</returns>
    public FileStream OpenRead(string relativePath) =>
        new(_base.Resolve(relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);

    /// <summary>
    /// Copies a file into the warehouse under <paramref name="relativePath"/>, replacing what was stored there: written
    /// under a temporary name beside it, then renamed, so the stored name always holds a whole file.
    /// </summary>
    /// <param name="sourceFile">The file to store (for example a file of the workbench).</param>
    /// <param name="relativePath">Its name in the warehouse.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored file's absolute path.</returns>
    /// <exception cref="FileNotFoundException">The source file does not exist.</exception>
    public async Task<string> StoreAsync(string sourceFile, string relativePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceFile);
        var target = _base.Resolve(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + TempSuffix;
        var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await source.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        File.SetLastWriteTimeUtc(temp, _time.GetUtcNow().UtcDateTime);
        File.Move(temp, target, overwrite: true);
        StorageLog.Stored(_logger, sourceFile, target);
        return target;
    }

    /// <summary>Deletes the stored files whose store time is older than <see cref="Retention"/>, and leftover temporary files.</summary>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The deleted files, relative to the warehouse.</returns>
    public IReadOnlyList<string> PurgeExpired(CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(_base.Root))
        {
            return deleted;
        }

        var limit = _time.GetUtcNow().UtcDateTime - Retention;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var file in new DirectoryInfo(_base.Root).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc <= limit)
            {
                var resolved = _base.TryContain(file.FullName);
                if (resolved is null)
                {
                    continue;
                }

                _base.Delete(resolved, cancellationToken);
                deleted.Add(Path.GetRelativePath(_base.Root, file.FullName));
            }
        }

        StorageLog.Purged(_logger, deleted.Count, Retention, _base.Root);
        return deleted;
    }
}
