using Batch.Steps;

namespace Batch.Infrastructure.Storage;

/// <summary>A ready-made tasklet that deletes the warehouse's files older than its retention; their count goes into the step's context as <c>warehouse.purged</c>.</summary>
public sealed class PurgeWarehouseTasklet : ITasklet
{
    /// <summary>The context key of the number of purged files.</summary>
    public const string PurgedKey = "warehouse.purged";

    private readonly Warehouse _warehouse;

    /// <summary>Creates the tasklet.</summary>
    /// <param name="warehouse">The warehouse to purge.</param>
    public PurgeWarehouseTasklet(Warehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        _warehouse = warehouse;
    }

    /// <inheritdoc />
    public ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var purged = _warehouse.PurgeExpired(cancellationToken);
        context.ExecutionContext.Put(PurgedKey, (long)purged.Count);
        return ValueTask.FromResult(RepeatStatus.Finished);
    }
}
