namespace Batch.Infrastructure.Storage;

/// <summary>
/// One configured base folder (of the workbench, the warehouse or the trash) and the only way to reach a path under it:
/// every path is resolved against it, symbolic links included on every component, and refused when it would leave it.
/// </summary>
internal sealed class BaseFolder
{
    private const int MaxLinkHops = 40;

    private static readonly char[] Separators = ['/', '\\'];

    public BaseFolder(string? configured, string role, string configurationKey)
    {
        Role = role;
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new StoragePathException(
                $"The {role} base folder is not configured ({configurationKey} is empty or missing): set it to an absolute folder that belongs to the batch, such as /var/batch/{role.ToLowerInvariant().Replace(' ', '-')}.",
                configured);
        }

        if (!Path.IsPathFullyQualified(configured))
        {
            throw new StoragePathException($"The {role} base folder '{configured}' ({configurationKey}) is relative: give an absolute path.", configured);
        }

        var full = Trim(Path.GetFullPath(configured));
        if (IsFileSystemRoot(full))
        {
            throw new StoragePathException($"The {role} base folder '{configured}' ({configurationKey}) is the root of the file system: give a folder that belongs to the batch.", configured);
        }

        var real = Trim(RealPath(full));
        if (IsFileSystemRoot(real))
        {
            throw new StoragePathException($"The {role} base folder '{configured}' ({configurationKey}) resolves to the root of the file system ('{real}') through a symbolic link: give a folder that belongs to the batch.", configured);
        }

        Root = real;
    }

    /// <summary>What the folder is for, in messages: <c>workbench</c>, <c>warehouse</c>, <c>trash</c>.</summary>
    public string Role { get; }

    /// <summary>The base folder, absolute, with its symbolic links resolved.</summary>
    public string Root { get; }

    /// <summary>Resolves a path relative to the base folder; the result is strictly inside it.</summary>
    /// <param name="relativePath">A relative path such as <c>in/sales.csv</c>.</param>
    /// <returns>The absolute path, links resolved.</returns>
    /// <exception cref="StoragePathException">The path is empty, rooted, contains <c>..</c>, names the base folder itself or leaves it through a link.</exception>
    public string Resolve(string? relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            throw new StoragePathException($"An empty path was given to the {Role} ({Root}): name a file under it.", relativePath);
        }

        if (Path.IsPathRooted(relativePath) || relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new StoragePathException($"The path '{relativePath}' given to the {Role} is rooted: give a path relative to its base folder {Root}.", relativePath);
        }

        var segments = relativePath.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            throw new StoragePathException($"The path '{relativePath}' given to the {Role} contains '..': paths may not climb out of its base folder {Root}.", relativePath);
        }

        var full = Trim(Path.GetFullPath(Path.Combine(Root, relativePath)));
        return Checked(full, relativePath);
    }

    /// <summary>Checks an absolute path (say, a file handed to the trash) and returns it with its links resolved.</summary>
    /// <param name="absolutePath">The path.</param>
    /// <returns>The resolved path, or null when it is not under this base folder.</returns>
    public string? TryContain(string absolutePath)
    {
        if (absolutePath.Split(Separators).Any(s => s == ".."))
        {
            return null;
        }

        var real = Trim(RealPath(Trim(Path.GetFullPath(absolutePath))));
        return IsStrictlyInside(real) ? real : null;
    }

    /// <summary>
    /// Like <see cref="TryContain"/>, but the last component is not followed: the folders on the way are resolved, and a symbolic link at
    /// the end is the link itself (to move or delete it, not what it points to).
    /// </summary>
    /// <param name="absolutePath">The path.</param>
    /// <returns>The path with its folders resolved, or null when it is not under this base folder.</returns>
    public string? TryContainEntry(string absolutePath)
    {
        if (absolutePath.Split(Separators).Any(s => s == ".."))
        {
            return null;
        }

        var full = Trim(Path.GetFullPath(absolutePath));
        var name = Path.GetFileName(full);
        if (string.IsNullOrEmpty(name) || Path.GetDirectoryName(full) is not { } parent)
        {
            return null;
        }

        var entry = Path.Combine(Trim(RealPath(Trim(parent))), name);
        return IsStrictlyInside(entry) ? entry : null;
    }

    /// <summary>Whether an already resolved, absolute path lies strictly inside the base folder.</summary>
    /// <param name="resolvedPath">The path.</param>
    /// <returns>True when it is inside and not the folder itself.</returns>
    public bool IsStrictlyInside(string resolvedPath) =>
        resolvedPath.Length > Root.Length + 1
        && resolvedPath.StartsWith(Root, StringComparison.Ordinal)
        && resolvedPath[Root.Length] == Path.DirectorySeparatorChar;

    /// <summary>Whether another base folder is this one, inside it, or contains it.</summary>
    /// <param name="other">The other folder.</param>
    /// <returns>True when they overlap.</returns>
    public bool Overlaps(BaseFolder other) =>
        other.Root == Root || IsStrictlyInside(other.Root) || other.IsStrictlyInside(Root);

    /// <summary>
    /// Deletes a file, a link (never what it points to) or a folder with everything in it, after checking that it lies
    /// strictly inside the base folder. Links met inside a folder are removed as links: nothing outside is reached.
    /// </summary>
    /// <param name="resolvedPath">A path from <see cref="Resolve"/> or <see cref="TryContain"/>.</param>
    /// <param name="cancellationToken">Stops between entries.</param>
    public void Delete(string resolvedPath, CancellationToken cancellationToken)
    {
        if (!IsStrictlyInside(resolvedPath))
        {
            throw new StoragePathException($"Refused to delete '{resolvedPath}': it is not inside the {Role} base folder {Root}.", resolvedPath);
        }

        DeleteEntry(new FileInfo(resolvedPath), cancellationToken);
    }

    /// <summary>The path with every symbolic link of every existing component resolved (what the file system would reach).</summary>
    /// <param name="fullPath">An absolute, normalized path.</param>
    /// <returns>The resolved path; components that do not exist yet are kept as they are.</returns>
    internal static string RealPath(string fullPath)
    {
        var hops = 0;
        var path = fullPath;
        while (true)
        {
            var root = Path.GetPathRoot(path)!;
            var parts = path[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? relinked = null;
            for (var i = 0; i < parts.Length && relinked is null; i++)
            {
                if (parts[i] == ".")
                {
                    continue;
                }

                if (parts[i] == "..")
                {
                    // current has no link left in it, so its parent is the physical parent
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }

                var next = Path.Combine(current, parts[i]);
                var target = new FileInfo(next).LinkTarget;
                if (target is null)
                {
                    current = next;
                    continue;
                }

                if (++hops > MaxLinkHops)
                {
                    throw new StoragePathException($"The path '{fullPath}' goes through more than {MaxLinkHops} symbolic links (a loop?).", fullPath);
                }

                // not normalized: a '..' after a link is walked physically, from the link's target
                relinked = Path.Combine([Path.IsPathRooted(target) ? target : Path.Combine(current, target), .. parts[(i + 1)..]]);
            }

            if (relinked is null)
            {
                return current;
            }

            path = relinked;
        }
    }

    private string Checked(string full, string given)
    {
        if (!IsStrictlyInside(full))
        {
            throw new StoragePathException($"The path '{given}' given to the {Role} is not inside its base folder {Root}.", given);
        }

        var real = Trim(RealPath(full));
        if (!IsStrictlyInside(real))
        {
            throw new StoragePathException(
                $"The path '{given}' given to the {Role} leaves its base folder {Root} through a symbolic link (it resolves to '{real}'): nothing outside the base folder is touched.",
                given);
        }

        return real;
    }

    private static void DeleteEntry(FileSystemInfo entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        entry.Refresh();
        if (entry.LinkTarget is not null)
        {
            File.Delete(entry.FullName); // unlinks the link itself; its target is not touched
            return;
        }

        if (Directory.Exists(entry.FullName))
        {
            foreach (var child in new DirectoryInfo(entry.FullName).EnumerateFileSystemInfos())
            {
                DeleteEntry(child, cancellationToken);
            }

            Directory.Delete(entry.FullName, recursive: false);
        }
        else if (File.Exists(entry.FullName))
        {
            File.Delete(entry.FullName);
        }
    }

    private static bool IsFileSystemRoot(string full) => string.Equals(Path.GetPathRoot(full), full, StringComparison.Ordinal) || full.Length <= 1;

    private static string Trim(string path)
    {
        var root = Path.GetPathRoot(path) ?? string.Empty;
        return path.Length > root.Length ? path.TrimEnd(Separators) : path;
    }
}
