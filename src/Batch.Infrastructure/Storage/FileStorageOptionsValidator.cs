using Microsoft.Extensions.Options;

namespace Batch.Infrastructure.Storage;

/// <summary>Checks <see cref="FileStorageOptions"/> when the host starts: the three base folders and the retention periods.</summary>
internal sealed class FileStorageOptionsValidator : IValidateOptions<FileStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, FileStorageOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws the first error, for options given in code.</summary>
    /// <param name="options">The options.</param>
    public static void ThrowIfInvalid(FileStorageOptions options)
    {
        var error = Errors(options).FirstOrDefault();
        if (error is not null)
        {
            throw new StoragePathException(error, null);
        }
    }

    private static IEnumerable<string> Errors(FileStorageOptions options)
    {
        var folders = new List<(BaseFolder Folder, string Configured, string Key)>();
        foreach (var (value, role, key) in new[]
                 {
                     (options.WorkbenchFolder, "workbench", "Batch:Files:Workbench, or WorkbenchFolder in code"),
                     (options.WarehouseFolder, "warehouse", "Batch:Files:Warehouse, or WarehouseFolder in code"),
                     (options.TrashFolder, "trash", "Batch:Files:Trash, or TrashFolder in code"),
                 })
        {
            string? error = null;
            try
            {
                folders.Add((new BaseFolder(value, role, key), value!, key));
            }
            catch (StoragePathException e)
            {
                error = e.Message;
            }

            if (error is not null)
            {
                yield return error;
            }
        }

        for (var i = 0; i < folders.Count; i++)
        {
            for (var j = i + 1; j < folders.Count; j++)
            {
                if (folders[i].Folder.Overlaps(folders[j].Folder))
                {
                    yield return $"The {Describe(folders[i])} and the {Describe(folders[j])} overlap: give each its own folder, neither inside the other " +
                                 "(removing a workbench would otherwise delete the warehouse).";
                }
            }
        }

        static string Describe((BaseFolder Folder, string Configured, string Key) f) =>
            $"{f.Folder.Role} folder '{f.Configured}' ({f.Key}" +
            (string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(f.Configured)), f.Folder.Root, StringComparison.Ordinal) ? ")" : $"; '{f.Folder.Root}' with its links resolved)");

        if (options.WarehouseRetentionDays < 1)
        {
            yield return $"Batch:Files:WarehouseRetentionDays is {options.WarehouseRetentionDays}: it must be at least 1.";
        }

        if (options.TrashRetentionDays < 0)
        {
            yield return $"Batch:Files:TrashRetentionDays is {options.TrashRetentionDays}: it must be 0 or more.";
        }
    }
}
