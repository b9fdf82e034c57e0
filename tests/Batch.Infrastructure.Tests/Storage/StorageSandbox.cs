using Batch.Infrastructure.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Infrastructure.Tests.Storage;

/// <summary>A temporary folder holding a workbench, a warehouse, a trash and an "outside" folder that nothing may touch.</summary>
internal sealed class StorageSandbox : IDisposable
{
    public StorageSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "batch-storage-" + Guid.NewGuid().ToString("N"));
        WorkbenchRoot = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        WarehouseRoot = Directory.CreateDirectory(Path.Combine(Root, "warehouse")).FullName;
        TrashRoot = Directory.CreateDirectory(Path.Combine(Root, "trash")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Root, "outside")).FullName;
        Precious = Path.Combine(Outside, "precious.txt");
        File.WriteAllText(Precious, "keep me");
    }

    public string Root { get; }

    public string WorkbenchRoot { get; }

    public string WarehouseRoot { get; }

    public string TrashRoot { get; }

    public string Outside { get; }

    public string Precious { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public FileStorageOptions Options => new() { WorkbenchFolder = WorkbenchRoot, WarehouseFolder = WarehouseRoot, TrashFolder = TrashRoot };

    public BaseFolder Folder(string root, string role = "workbench") => new(root, role, "Batch:Files:" + role);

    public Warehouse Warehouse(int retentionDays = 30) => new(Folder(WarehouseRoot, "warehouse"), TimeSpan.FromDays(retentionDays), Time);

    public Trash Trash(int retentionDays = 10) =>
        new(Folder(TrashRoot, "trash"), [Folder(WorkbenchRoot), Folder(WarehouseRoot, "warehouse")], retentionDays, Time);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
