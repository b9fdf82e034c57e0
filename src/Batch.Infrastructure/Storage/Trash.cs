using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// The trash (seed 002's ゴミ箱): instead of deleting a file, a job throws it away; it is moved into the trash folder
/// with the date from which it may be deleted in front of its name (<c>20261211_sales.csv</c>; a name already taken
/// gets <c>.&lt;guid&gt;</c> appended), and <see cref="EmptyExpired"/> (the <see cref="EmptyTrashTasklet"/> of a daily
/// job) deletes what has expired. Only files inside the workbench or the warehouse can be thrown away.
/// </summary>
public sealed class Trash
{
    private const string DateFormat = "yyyyMMdd";
    private readonly BaseFolder _base;
    private readonly IReadOnlyList<BaseFolder> _sources;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal Trash(BaseFolder baseFolder, IReadOnlyList<BaseFolder> sources, int retentionDays, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _base = baseFolder;
        _sources = sources;
        RetentionDays = retentionDays;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The base folder, absolute, links resolved.</summary>
    public string BaseFolder => _base.Root;

    /// <summary>How many days a thrown-away file stays unless the caller says otherwise.</summary>
    public int RetentionDays { get; }

    /// <summary>Moves a file (or a folder) of the workbench or the warehouse into the trash.</summary>
    /// <param name="path">The absolute path of the file, inside the workbench or the warehouse.</param>
    /// <param name="retentionDays">Days to keep it (default <see cref="RetentionDays"/>); 0 lets the next emptying delete it.</param>
    /// <returns>Its path in the trash.</returns>
    /// <exception cref="StoragePathException">The path is empty, relative, outside the workbench and the warehouse, or leaves them through a link.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public string ThrowAway(string path, int? retentionDays = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StoragePathException("An empty path was given to the trash: name the file to throw away.", path);
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new StoragePathException($"The path '{path}' given to the trash is relative: give the absolute path of a file in the workbench or the warehouse.", path);
        }

        var days = retentionDays ?? RetentionDays;
        ArgumentOutOfRangeException.ThrowIfNegative(days, nameof(retentionDays));
        // The folders on the way are resolved; a link at the end is thrown away itself, never the file it points to, and only when
        // that file is inside too (a link that leaves is refused, as a path through one is).
        var source = _sources.Select(s => s.TryContain(path) is null ? null : s.TryContainEntry(path)).FirstOrDefault(p => p is not null)
            ?? throw new StoragePathException(
                $"Refused to throw away '{path}': only files inside the workbench or the warehouse ({string.Join(", ", _sources.Select(s => s.Root))}) go to the trash, and this path is not, or leaves them through a symbolic link.",
                path);
        if (!File.Exists(source) && !Directory.Exists(source) && new FileInfo(source).LinkTarget is null)
        {
            throw new FileNotFoundException($"There is no file '{path}' to throw away.", path);
        }

        Directory.CreateDirectory(_base.Root);
        var expiry = Today().AddDays(days);
        var name = expiry.ToString(DateFormat, CultureInfo.InvariantCulture) + "_" + Path.GetFileName(source);
        var target = _base.Resolve(name);
        if (File.Exists(target) || Directory.Exists(target))
        {
            target = _base.Resolve(name + "." + Guid.NewGuid().ToString("N"));
        }

        if (Directory.Exists(source))
        {
            Directory.Move(source, target); // rename(2): a link to a folder moves as the link
        }
        else
        {
            File.Move(source, target);
        }

        StorageLog.ThrownAway(_logger, source, target, expiry);
        return target;
    }

    /// <summary>Deletes the entries of the trash whose date has come (the date in front of the name is today or earlier). Entries without a date are left alone.</summary>
    /// <param name="cancellationToken">Stops between entries.</param>
    /// <returns>The names of the deleted entries.</returns>
    public IReadOnlyList<string> EmptyExpired(CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(_base.Root))
        {
            return deleted;
        }

        var today = Today();
        foreach (var entry in new DirectoryInfo(_base.Root).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!TryExpiry(entry.Name, out var expiry))
            {
                StorageLog.UndatedTrash(_logger, entry.FullName);
                continue;
            }

            if (expiry <= today)
            {
                _base.Delete(entry.FullName, cancellationToken);
                deleted.Add(entry.Name);
            }
        }

        StorageLog.Emptied(_logger, deleted.Count, _base.Root);
        return deleted;
    }

    private static bool TryExpiry(string name, out DateTime expiry)
    {
        expiry = default;
        return name.Length > DateFormat.Length && name[DateFormat.Length] == '_'
            && DateTime.TryParseExact(name.AsSpan(0, DateFormat.Length), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out expiry);
    }

    private DateTime Today() => _time.GetLocalNow().Date;
}
