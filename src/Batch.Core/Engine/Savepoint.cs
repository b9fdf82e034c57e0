using Batch.Repository;

namespace Batch.Engine;

/// <summary>
/// A savepoint around one item of a write scan, when the chunk's transaction is a database transaction
/// that supports savepoints; otherwise nothing (the in-memory repository, or writers outside the database).
/// </summary>
internal static class Savepoint
{
    private const string Name = "batch_scan_item";

    public static Task SaveAsync(IChunkTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Transaction is { SupportsSavepoints: true } db ? db.SaveAsync(Name, cancellationToken) : Task.CompletedTask;

    public static Task RollbackAsync(IChunkTransaction transaction) =>
        transaction.Transaction is { SupportsSavepoints: true } db ? db.RollbackAsync(Name, CancellationToken.None) : Task.CompletedTask;

    public static Task ReleaseAsync(IChunkTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Transaction is { SupportsSavepoints: true } db ? db.ReleaseAsync(Name, cancellationToken) : Task.CompletedTask;
}
