using Batch.Items;
using Batch.Model;

namespace Samples.Pass;

/// <summary>A reader that disposes the context its query runs on when the step closes it (the EF Core readers leave the context to their caller).</summary>
internal sealed class OwningReader<T>(IItemReader<T> reader, IAsyncDisposable owned) : IItemReader<T>, IItemStream, IItemPositionProvider
{
    public string? CurrentPosition => (reader as IItemPositionProvider)?.CurrentPosition;

    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) => reader.ReadAsync(cancellationToken);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        reader is IItemStream stream ? stream.OpenAsync(executionContext, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) =>
        reader is IItemStream stream ? stream.UpdateAsync(executionContext, cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (reader is IItemStream stream)
        {
            await stream.CloseAsync(cancellationToken);
        }

        await owned.DisposeAsync();
    }
}
