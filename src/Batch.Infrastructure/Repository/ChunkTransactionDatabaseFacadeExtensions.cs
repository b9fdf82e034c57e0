using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Batch.Infrastructure.Repository;

/// <summary>Lets an EF Core context write inside a chunk's transaction, so its changes commit with the step's checkpoint.</summary>
public static class ChunkTransactionDatabaseFacadeExtensions
{
    /// <summary>
    /// Makes the context use the chunk's connection and transaction: what <c>SaveChangesAsync</c> writes then
    /// commits or rolls back with the chunk, atomically with the checkpoint. Call it in the writer, before
    /// saving, on a context configured for the same database (for example <c>UseNpgsql()</c> or
    /// <c>UseSqlite()</c> without a connection string) that has not opened a connection of its own.
    /// </summary>
    /// <param name="database">The context's database facade (<c>context.Database</c>).</param>
    /// <param name="chunkTransaction">The chunk's transaction (<c>chunk.Transaction</c> in a writer).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">The job repository has no database (in-memory): there is no transaction to join.</exception>
    /// <remarks>
    /// Only writes to the repository's own database are atomic with the checkpoint. A writer to another
    /// system (a file, a queue, another database) commits separately, so after a crash between its write
    /// and the checkpoint a restart writes those items again: such writers deliver at least once, and
    /// should be idempotent (an upsert, or "ignore duplicates").
    /// </remarks>
    /// <example>
    /// <code>
    /// public async ValueTask WriteAsync(Chunk&lt;Order&gt; chunk, CancellationToken ct)
    /// {
    ///     await using var db = new ShopContext(options);
    ///     await db.Database.UseChunkTransactionAsync(chunk.Transaction!, ct);
    ///     db.Orders.AddRange(chunk);
    ///     await db.SaveChangesAsync(ct);
    /// }
    /// </code>
    /// </example>
    public static async Task UseChunkTransactionAsync(this DatabaseFacade database, IChunkTransaction chunkTransaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(chunkTransaction);
        if (chunkTransaction.Connection is not { } connection || chunkTransaction.Transaction is not { } transaction)
        {
            throw new InvalidOperationException(
                "The job repository keeps no database, so the chunk has no transaction to join: use the SQLite or PostgreSQL job repository " +
                "(UseSqlite / UsePostgres), or let the context commit on its own (then the writer delivers at least once).");
        }

        database.SetDbConnection(connection, contextOwnsConnection: false);
        await database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
    }
}
