namespace Batch.Infrastructure.Storage;

/// <summary>
/// Where the workbench, the warehouse and the trash keep their files (seed 002: file operations in one place). The three
/// base folders are required, absolute, never the root of the file system, and must not contain one another. Read
/// from configuration by <c>UseFileStorage(configuration.GetSection("Batch:Files"))</c> with the keys named below.
/// </summary>
public sealed class FileStorageOptions
{
    /// <summary>Key <c>Workbench</c>: the base folder of the per-execution working folders (<c>&lt;base&gt;/&lt;job&gt;/&lt;executionId&gt;</c>). Required.</summary>
    public string? WorkbenchFolder { get; set; }

    /// <summary>Key <c>Warehouse</c>: the base folder of files kept across executions. Required.</summary>
    public string? WarehouseFolder { get; set; }

    /// <summary>Key <c>Trash</c>: the base folder files are thrown away into. Required.</summary>
    public string? TrashFolder { get; set; }

    /// <summary>
    /// Key <c>KeepWorkbenchOnFailure</c>: whether the working folder of an execution that did not complete (FAILED, STOPPED)
    /// is kept; a restart of the instance then takes it over, with the files its completed steps left there. Default true. A
    /// completed execution's folder is always removed.
    /// </summary>
    public bool KeepWorkbenchOnFailure { get; set; } = true;

    /// <summary>Key <c>WarehouseRetentionDays</c>: how long a stored file is kept before <c>Warehouse.PurgeExpired</c> deletes it. Default 30; at least 1.</summary>
    public int WarehouseRetentionDays { get; set; } = 30;

    /// <summary>Key <c>TrashRetentionDays</c>: how long a thrown-away file stays in the trash unless the caller says otherwise. Default 10; at least 0.</summary>
    public int TrashRetentionDays { get; set; } = 10;
}
