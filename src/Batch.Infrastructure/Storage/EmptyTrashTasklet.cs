using Batch.Steps;

namespace Batch.Infrastructure.Storage;

/// <summary>A ready-made tasklet that empties the expired entries of the <see cref="Trash"/>; their count goes into the step's context as <c>trash.deleted</c>.</summary>
/// <example>
/// <code>
/// services.AddBatch(batch =&gt; batch
///     .UseFileStorage(configuration.GetSection("Batch:Files"))
///     .AddJob(sp =&gt; new JobBuilder("empty-trash")
///         .Start(new StepBuilder("empty-trash").Tasklet(new EmptyTrashTasklet(sp.GetRequiredService&lt;Trash&gt;())).Build())
///         .Build()));
/// </code>
/// </example>
public sealed class EmptyTrashTasklet : ITasklet
{
    /// <summary>The context key of the number of deleted entries.</summary>
    public const string DeletedKey = "trash.deleted";

    private readonly Trash _trash;

    /// <summary>Creates the tasklet.</summary>
    /// <param name="trash">The trash to empty.</param>
    public EmptyTrashTasklet(Trash trash)
    {
        ArgumentNullException.ThrowIfNull(trash);
        _trash = trash;
    }

    /// <inheritdoc />
    public ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deleted = _trash.EmptyExpired(cancellationToken);
        context.ExecutionContext.Put(DeletedKey, (long)deleted.Count);
        return ValueTask.FromResult(RepeatStatus.Finished);
    }
}
