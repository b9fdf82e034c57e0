namespace Samples.Collector;

/// <summary>
/// The collector's base directory (<c>$DATALAKE_COLLECTOR</c>): its <c>cfg/</c>, its <c>tmp/</c> and the lake root live under it,
/// and every path the collector is given is resolved against it and refused when it would leave it — through <c>..</c>, an
/// absolute path elsewhere, or a symbolic link.
/// </summary>
public sealed class CollectorFolder
{
    /// <summary>The environment variable that names the base directory (seed 000's <c>$DATALAKE_COLLECTOR</c>).</summary>
    public const string EnvironmentVariable = "DATALAKE_COLLECTOR";

    /// <summary>Opens a base directory, which must exist.</summary>
    /// <param name="root">An absolute folder.</param>
    /// <exception cref="CollectorException">The folder is relative, the file system's root, or missing.</exception>
    public CollectorFolder(string root)
    {
        if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
        {
            throw new CollectorException($"The collector's base directory '{root}' must be an absolute folder (set {EnvironmentVariable}).");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new CollectorException($"The collector's base directory '{full}' does not exist: create it, or point {EnvironmentVariable} at the collector's folder.");
        }

        full = RealPath(full);
        if (Path.GetPathRoot(full) == full || full.Length <= 1)
        {
            throw new CollectorException($"The collector's base directory '{root}' is the root of the file system: give the collector's own folder.");
        }

        Root = full;
    }

    /// <summary>The base directory, absolute, links resolved.</summary>
    public string Root { get; }

    /// <summary><c>cfg/</c>.</summary>
    public string ConfigFolder => Path.Combine(Root, "cfg");

    /// <summary><c>tmp/</c>: the values kept to verify each load; cleared before a night's first run.</summary>
    public string TempFolder => Path.Combine(Root, "tmp");

    /// <summary><c>cfg/healthcheck.json</c>.</summary>
    public string HealthCheckFile => Path.Combine(ConfigFolder, "healthcheck.json");

    /// <summary><c>cfg/datalake.json</c>.</summary>
    public string DatalakeFile => Path.Combine(ConfigFolder, "datalake.json");

    /// <summary>
    /// Resolves a path given relative to the base directory (or absolute inside it) and checks that it stays inside, following
    /// the symbolic links of the parts that exist.
    /// </summary>
    /// <param name="path">The path as configured or given.</param>
    /// <param name="what">What the path is, for the message (<c>namenode</c>, <c>tmp folder</c>…).</param>
    /// <returns>The absolute path inside the base directory.</returns>
    /// <exception cref="CollectorException">The path is empty or leaves the base directory.</exception>
    public string Resolve(string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new CollectorException($"The {what} path is empty: give a folder under the collector's base directory {Root}.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, Root));
        if (!IsInside(full) || !IsInside(RealPath(full)))
        {
            throw new CollectorException(
                $"The {what} path '{path}' is outside the collector's base directory {Root}: every file of the collector lives under it (cfg/, tmp/, the lake root). Give a path inside it.");
        }

        return full;
    }

    private bool IsInside(string full) =>
        full.Equals(Root, StringComparison.Ordinal) || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with the symbolic links of its existing parts resolved (the missing rest appended as given).</summary>
    private static string RealPath(string full)
    {
        var existing = full;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return full;
            }

            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = ResolveLinks(existing);
        while (rest.Count > 0)
        {
            resolved = Path.Combine(resolved, rest.Pop());
        }

        return resolved;
    }

    private static string ResolveLinks(string existing)
    {
        var root = Path.GetPathRoot(existing)!;
        var current = root;
        foreach (var part in existing[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = Path.TrimEndingDirectorySeparator(target.FullName);
            }
        }

        return current;
    }
}
