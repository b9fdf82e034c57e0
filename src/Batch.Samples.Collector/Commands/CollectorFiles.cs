using Batch.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Collector.Commands;

/// <summary>
/// The collector's folders under the library's file storage rules (<c>UseFileStorage</c>, seed 002): <c>tmp/</c> is the warehouse (the
/// verification values outlive a run, until the next night clears them), <c>trash/</c> the trash, <c>work/</c> the workbench. Every path
/// goes through their base-folder checks: resolved with its links, refused when it would leave its folder.
/// </summary>
internal sealed class CollectorFiles : IDisposable
{
    private readonly ServiceProvider _services;

    private CollectorFiles(ServiceProvider services)
    {
        _services = services;
        Tmp = services.GetRequiredService<Warehouse>();
        Trash = services.GetRequiredService<Trash>();
    }

    /// <summary><c>tmp/</c>, as the warehouse.</summary>
    public Warehouse Tmp { get; }

    /// <summary><c>trash/</c>.</summary>
    public Trash Trash { get; }

    /// <summary>Opens the folders of a base directory (registered in a container of their own, so the collector's jobs get no workbench listener).</summary>
    /// <param name="folder">The base directory.</param>
    /// <returns>The folders.</returns>
    public static CollectorFiles Open(CollectorFolder folder)
    {
        var services = new ServiceCollection();
        services.AddBatch(batch => batch.UseInMemoryRepository().UseFileStorage(options =>
        {
            options.WarehouseFolder = folder.TempFolder;
            options.TrashFolder = folder.Resolve("trash", "trash folder");
            options.WorkbenchFolder = folder.Resolve("work", "workbench folder");
            options.TrashRetentionDays = 0;
        }));
        return new CollectorFiles(services.BuildServiceProvider());
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();
}
