using System.Data.Common;

namespace Batch.Repository;

/// <summary>
/// Typed, non-null access to the database of a chunk's transaction, for writers that write to the job repository's
/// database so that their rows commit with the checkpoint.
/// </summary>
/// <example>
/// <code>
/// public async ValueTask WriteAsync(Chunk&lt;Order&gt; chunk, CancellationToken cancellationToken)
/// {
///     var connection = chunk.Transaction.GetConnection();
///     await using var insert = connection.CreateCommand();
///     insert.Transaction = chunk.Transaction.GetTransaction();
///     ...
/// }
/// </code>
/// </example>
public static class ChunkTransactionExtensions
{
    /// <summary>The open connection of the chunk's transaction.</summary>
    /// <param name="transaction">The chunk's transaction (<c>chunk.Transaction</c>).</param>
    /// <returns>The connection; the same one for every chunk of a step while it stays open.</returns>
    /// <exception cref="InvalidOperationException">Called outside a write, or the job repository has no database (in-memory).</exception>
    public static DbConnection GetConnection(this IChunkTransaction? transaction) =>
        Require(transaction).Connection ?? throw NoDatabase();

    /// <summary>The open connection of the chunk's transaction, as the provider's own type (<c>NpgsqlConnection</c>, <c>SqliteConnection</c>).</summary>
    /// <typeparam name="TConnection">The provider's connection type.</typeparam>
    /// <param name="transaction">The chunk's transaction (<c>chunk.Transaction</c>).</param>
    /// <returns>The connection.</returns>
    /// <exception cref="InvalidOperationException">Called outside a write, the job repository has no database, or it is another provider's.</exception>
    public static TConnection GetConnection<TConnection>(this IChunkTransaction? transaction)
        where TConnection : DbConnection
    {
        var connection = transaction.GetConnection();
        return connection as TConnection ?? throw new InvalidOperationException(
            $"The job repository's connection is a {connection.GetType().Name}, not a {typeof(TConnection).Name}: " +
            "the writer expects another database than the one the job repository uses.");
    }

    /// <summary>The database transaction of the chunk: give it to every command the writer runs.</summary>
    /// <param name="transaction">The chunk's transaction (<c>chunk.Transaction</c>).</param>
    /// <returns>The database transaction.</returns>
    /// <exception cref="InvalidOperationException">Called outside a write, or the job repository has no database (in-memory).</exception>
    public static DbTransaction GetTransaction(this IChunkTransaction? transaction) =>
        Require(transaction).Transaction ?? throw NoDatabase();

    private static IChunkTransaction Require(IChunkTransaction? transaction) =>
        transaction ?? throw new InvalidOperationException(
            "There is no chunk transaction here: use chunk.Transaction inside IItemWriter.WriteAsync, while the chunk is written.");

    private static InvalidOperationException NoDatabase() => new(
        "This writer writes to the job repository's database so that its rows commit with the checkpoint, but the job repository " +
        "has no database (the in-memory one): register UseSqlite(...) or UsePostgres(...) in AddBatch.");
}
