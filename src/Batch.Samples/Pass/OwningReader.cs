using Batch.Items;
using Batch.Model;

namespace Samples.Pass;

/// <summary>
/// A reader that disposes the context its query runs on when the step closes it (the EF Core readers leave the context to their caller).
/// With <paramref name="keepPosition"/> false it keeps nothing in the step's context, so every execution of the step, a restart too,
/// reads from the start (a step that recomputes its result from scratch).
/// </summary>
internal sealed class OwningReader<T>(IItemReader<T> reader, IAsyncDisposable owned, bool keepPosition = true) : IItemReader<T>, IItemStream, IItemPositionProvider
{
    public string? CurrentPosition => (reader as IItemPositionProvider)?.CurrentPosition;

    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) => reader.ReadAsync(cancellationToken);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        reader is IItemStream stream ? stream.OpenAsync(keepPosition ? executionContext : new BatchExecutionContext(), cancellationToken) : ValueTask.CompletedTask;

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        reader is IItemStream stream && keepPosition ? stream.UpdateAsync(executionContext, cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (reader is IItemStream stream)
        {
            await stream.CloseAsync(cancellationToken);
        }

        await owned.DisposeAsync();
    }
}
