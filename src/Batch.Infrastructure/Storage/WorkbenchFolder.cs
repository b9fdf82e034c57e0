namespace Batch.Infrastructure.Storage;

/// <summary>The working folder of one job execution. Every path is relative to it and checked: nothing outside the workbench is reached.</summary>
/// <example>
/// <code>
/// var bench = ctx.Workbench();
/// await using (var work = bench.CreateFile("sales/work.csv")) { /* write */ }
/// await warehouse.StoreAsync(bench.GetPath("sales/work.csv"), "sales/2026-12-01.csv", ct);
/// </code>
/// </example>
public sealed class WorkbenchFolder
{
    private readonly BaseFolder _base;
    private readonly string _relative;

    internal WorkbenchFolder(BaseFolder baseFolder, string relativeFolder)
    {
        _base = baseFolder;
        _relative = relativeFolder;
        Path = baseFolder.Resolve(relativeFolder);
    }

    /// <summary>The folder, absolute.</summary>
    public string Path { get; }

    /// <summary>The absolute path of a file in the folder; its parent folders are created.</summary>
    /// <param name="relativePath">A path relative to the folder, such as <c>work.csv</c> or <c>in/sales.csv</c>.</param>
    /// <returns>The checked absolute path.</returns>
    /// <exception cref="StoragePathException">The path is empty, rooted, contains <c>..</c> or leaves the workbench through a link.</exception>
    public string GetPath(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            throw new StoragePathException($"An empty path was given to the workbench folder {Path}: name a file in it.", relativePath);
        }

        if (System.IO.Path.IsPathRooted(relativePath))
        {
            throw new StoragePathException($"The path '{relativePath}' given to the workbench folder is rooted: give a path relative to {Path}.", relativePath);
        }

        if (relativePath.Split('/', '\\').Any(s => s == ".."))
        {
            throw new StoragePathException($"The path '{relativePath}' given to the workbench folder contains '..': paths may not climb out of {Path}.", relativePath);
        }

        var full = _base.Resolve(System.IO.Path.Combine(_relative, relativePath));
        if (!full.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new StoragePathException($"The path '{relativePath}' leaves the workbench folder {Path}.", relativePath);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>Creates (or truncates) a file in the folder for asynchronous writing.</summary>
    /// <param name="relativePath">A path relative to the folder.</param>
    /// <returns>The stream; dispose it.</returns>
    public FileStream CreateFile(string relativePath) =>
        new(GetPath(relativePath), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);

    /// <summary>Opens a file of the folder for asynchronous reading.</summary>
    /// <param name="relativePath">A path relative to the folder.</param>
    /// <returns>The stream; dispose it.</returns>
    public FileStream OpenRead(string relativePath) =>
        new(GetPath(relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
}
