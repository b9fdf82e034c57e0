using Batch.Hosting;
using Batch.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the workbench, the warehouse and the trash (seed 002) in <c>services.AddBatch(batch =&gt; …)</c>.</summary>
public static class FileStorageBatchBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="Workbench"/>, <see cref="Warehouse"/> and <see cref="Trash"/> as singletons, with their folders read
    /// from a configuration section (keys <c>Workbench</c>, <c>Warehouse</c>, <c>Trash</c>, <c>KeepWorkbenchOnFailure</c>,
    /// <c>WarehouseRetentionDays</c>, <c>TrashRetentionDays</c>; see <see cref="FileStorageOptions"/>), and the job listener that
    /// creates and removes each execution's workbench folder. The options are validated when the host starts: a missing,
    /// relative or root folder, or folders inside one another, stop it with a message naming the key.
    /// </summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("Batch:Files")</c>.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// // appsettings.json: { "Batch": { "Files": { "Workbench": "/var/batch/work", "Warehouse": "/var/batch/warehouse", "Trash": "/var/batch/trash" } } }
    /// services.AddBatch(batch =&gt; batch.UseFileStorage(configuration.GetSection("Batch:Files")).AddJob(job));
    /// </code>
    /// </example>
    public static BatchBuilder UseFileStorage(this BatchBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddSingleton<IConfigureOptions<FileStorageOptions>>(
            new ConfigureNamedOptions<FileStorageOptions>(Options.Options.DefaultName, o => FileStorageConfiguration.Bind(section, o)));
        return Register(builder);
    }

    /// <summary>Registers the workbench, the warehouse and the trash with options set in code (see <see cref="UseFileStorage(BatchBuilder, IConfiguration)"/>).</summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="configure">Sets the folders and retention periods.</param>
    /// <returns>The builder.</returns>
    public static BatchBuilder UseFileStorage(this BatchBuilder builder, Action<FileStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return Register(builder);
    }

    private static BatchBuilder Register(BatchBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FileStorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileStorageOptions>, FileStorageOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FileStorageOptions>>().Value;
            return new Workbench(new BaseFolder(o.WorkbenchFolder, "workbench", "Batch:Files:Workbench, or WorkbenchFolder in code"), o.KeepWorkbenchOnFailure, Logger<Workbench>(sp), sp.GetService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FileStorageOptions>>().Value;
            return new Warehouse(new BaseFolder(o.WarehouseFolder, "warehouse", "Batch:Files:Warehouse, or WarehouseFolder in code"), TimeSpan.FromDays(o.WarehouseRetentionDays), sp.GetService<TimeProvider>(), Logger<Warehouse>(sp));
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<FileStorageOptions>>().Value;
            BaseFolder[] sources =
            [
                new(o.WorkbenchFolder, "workbench", "Batch:Files:Workbench, or WorkbenchFolder in code"),
                new(o.WarehouseFolder, "warehouse", "Batch:Files:Warehouse, or WarehouseFolder in code"),
            ];
            return new Trash(new BaseFolder(o.TrashFolder, "trash", "Batch:Files:Trash, or TrashFolder in code"), sources, o.TrashRetentionDays, sp.GetService<TimeProvider>(), Logger<Trash>(sp));
        });
        return builder.AddListener<WorkbenchListener>();
    }

    private static ILogger? Logger<T>(IServiceProvider services) => services.GetService<ILoggerFactory>()?.CreateLogger<T>();
}
