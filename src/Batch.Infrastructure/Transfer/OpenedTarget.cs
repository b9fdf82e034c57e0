namespace Batch.Infrastructure.Transfer;

/// <summary>
/// A destination being written under its temporary name: <see cref="CommitAsync"/> gives it its final name once the
/// whole file is written; disposing without committing removes the temporary file when it can (a crash leaves it,
/// and the next attempt overwrites it).
/// </summary>
internal abstract class OpenedTarget : IAsyncDisposable
{
    /// <summary>The stream the bytes are written to.</summary>
    public abstract Stream Stream { get; }

    /// <summary>Closes the stream and renames the temporary file to the final name.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public abstract Task CommitAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
