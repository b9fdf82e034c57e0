namespace Batch.Infrastructure.Storage;

/// <summary>
/// A path given to the workbench, the warehouse or the trash was refused: it is empty, rooted where it should be
/// relative, leaves its base folder (<c>..</c>, a symbolic link that points outside), or the base folder itself is
/// missing, relative or the root of the file system. Nothing was moved or deleted. The message names the path.
/// </summary>
public class StoragePathException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why, naming the path.</param>
    /// <param name="path">The refused path, as it was given (may be null or empty).</param>
    public StoragePathException(string message, string? path)
        : base(message)
    {
        RefusedPath = path;
    }

    /// <summary>The refused path, as it was given.</summary>
    public string? RefusedPath { get; }
}
