using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Parquet;

/// <summary>The lake's root folder, and the only way the Parquet writer moves or deletes a file: checked to lie inside it, links resolved.</summary>
internal sealed class ParquetLake
{
    private readonly BaseFolder _folder;

    /// <param name="root">The absolute root folder (refused when it is the root of the file system).</param>
    public ParquetLake(string root)
    {
        _folder = new BaseFolder(root, "Parquet lake", "ParquetItemWriterOptions.RootDirectory");
    }

    /// <summary>The root, absolute, links resolved.</summary>
    public string Root => _folder.Root;

    /// <summary>Deletes a file (a link itself, never its target) inside the lake.</summary>
    public void Delete(string path)
    {
        Check(path);
        File.Delete(path);
    }

    /// <summary>Renames a file inside the lake.</summary>
    public void Move(string from, string to, bool overwrite)
    {
        Check(from);
        Check(to);
        File.Move(from, to, overwrite);
    }

    /// <summary>Throws a <see cref="StoragePathException"/> naming <paramref name="path"/> when it is not inside the lake.</summary>
    public void Check(string path)
    {
        if (_folder.TryContain(path) is null)
        {
            throw new StoragePathException(
                $"The Parquet writer refused to write, move or delete '{path}': it is not inside the lake folder {Root} (a symbolic link that leaves it?). Nothing was changed there; remove the link or point RootDirectory at the real lake.",
                path);
        }
    }
}
