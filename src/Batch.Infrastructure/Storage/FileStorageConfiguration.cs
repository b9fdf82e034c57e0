using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Batch.Infrastructure.Storage;

/// <summary>Reads <see cref="FileStorageOptions"/> from a configuration section, refusing unknown keys and values that cannot be read.</summary>
internal static class FileStorageConfiguration
{
    private static readonly string[] Known = ["Workbench", "Warehouse", "Trash", "KeepWorkbenchOnFailure", "WarehouseRetentionDays", "TrashRetentionDays"];

    public static void Bind(IConfiguration section, FileStorageOptions options)
    {
        var prefix = section is IConfigurationSection named ? named.Path + ":" : string.Empty;
        foreach (var child in section.GetChildren())
        {
            if (!Known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Unknown file storage setting {prefix}{child.Key}: the keys are {string.Join(", ", Known)}.");
            }
        }

        options.WorkbenchFolder = section["Workbench"] ?? options.WorkbenchFolder;
        options.WarehouseFolder = section["Warehouse"] ?? options.WarehouseFolder;
        options.TrashFolder = section["Trash"] ?? options.TrashFolder;
        if (section["KeepWorkbenchOnFailure"] is { } keep)
        {
            options.KeepWorkbenchOnFailure = bool.TryParse(keep, out var k) ? k
                : throw new InvalidOperationException($"{prefix}KeepWorkbenchOnFailure is '{keep}': write true or false.");
        }

        options.WarehouseRetentionDays = Days(section, prefix, "WarehouseRetentionDays", options.WarehouseRetentionDays);
        options.TrashRetentionDays = Days(section, prefix, "TrashRetentionDays", options.TrashRetentionDays);
    }

    private static int Days(IConfiguration section, string prefix, string key, int current) =>
        section[key] is not { } text ? current
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days
        : throw new InvalidOperationException($"{prefix}{key} is '{text}': write a whole number of days.");
}
