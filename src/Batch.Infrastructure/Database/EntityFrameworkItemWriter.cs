using System.Data.Common;
using Batch.Items;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Adds each chunk's items to an EF Core context and saves them inside the chunk's transaction, so they commit atomically
/// with the step's checkpoint. One context serves the step (created at the first chunk, disposed when the step ends); its
/// change tracker is cleared after every chunk, so memory does not grow with the step.
/// </summary>
/// <remarks>
/// The context must be configured for the job repository's database without a connection of its own
/// (<c>UseNpgsql()</c> or <c>UseSqlite()</c> with no connection string): the writer gives it the chunk's connection. EF Core has
/// no <c>ON CONFLICT</c>: for upserts or seed 001's ignore-duplicates use <see cref="DbBatchItemWriter{T}"/> (a duplicate here
/// fails the chunk, which a fault-tolerant step can then skip item by item).
/// </remarks>
/// <example>
/// <code>
/// .Writer(ctx =&gt; new EntityFrameworkItemWriter&lt;Order&gt;(() =&gt; new ShopContext(new DbContextOptionsBuilder&lt;ShopContext&gt;().UseNpgsql().Options)))
/// </code>
/// </example>
/// <example>
/// A chunk written with a set-based statement instead of <c>Add</c> (the second constructor): the delegate gets the step's context, already
/// joined to the chunk's connection and transaction, so an <c>ExecuteUpdateAsync</c> commits with the checkpoint:
/// <code>
/// .Writer(ctx =&gt; new EntityFrameworkItemWriter&lt;Pass&gt;(
///     () =&gt; new PassDbContext(writeOptions),
///     async (db, chunk, ct) =&gt;
///     {
///         var ids = chunk.Select(p =&gt; p.Id).ToList();
///         await ((PassDbContext)db).Passes.Where(p =&gt; ids.Contains(p.Id))
///             .ExecuteUpdateAsync(s =&gt; s.SetProperty(p =&gt; p.Status, PassStatus.Expired), ct);
///     }))
/// </code>
/// </example>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class EntityFrameworkItemWriter<T> : IItemWriter<T>, IItemStream
    where T : class
{
    private readonly Func<DbContext> _createContext;
    private readonly Func<DbContext, Chunk<T>, CancellationToken, Task>? _write;
    private DbContext? _context;
    private DbConnection? _connection;

    /// <summary>Creates the writer.</summary>
    /// <param name="createContext">Creates the step's context (called once per step execution).</param>
    public EntityFrameworkItemWriter(Func<DbContext> createContext)
    {
        ArgumentNullException.ThrowIfNull(createContext);
        _createContext = createContext;
    }

    /// <summary>Creates a writer that writes each chunk with its own code (an <c>ExecuteUpdateAsync</c>, an <c>ExecuteDeleteAsync</c>, tracked changes) instead of <c>Add</c>.</summary>
    /// <param name="createContext">Creates the step's context (called once per step execution).</param>
    /// <param name="write">
    /// Writes one chunk. The context it gets is joined to the chunk's connection and transaction, so whatever it executes or saves commits with the
    /// checkpoint; the writer calls <c>SaveChangesAsync</c> after it (nothing when nothing is tracked) and clears the change tracker.
    /// </param>
    public EntityFrameworkItemWriter(Func<DbContext> createContext, Func<DbContext, Chunk<T>, CancellationToken, Task> write)
        : this(createContext)
    {
        ArgumentNullException.ThrowIfNull(write);
        _write = write;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var connection = chunk.Transaction.GetConnection();
        var transaction = chunk.Transaction.GetTransaction();
        var context = _context ??= _createContext();
        var database = context.Database;
        if (!ReferenceEquals(connection, _connection))
        {
            database.SetDbConnection(connection, contextOwnsConnection: false);
            _connection = connection;
        }

        await database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_write is not null)
            {
                await _write(context, chunk, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var set = context.Set<T>();
                for (var i = 0; i < chunk.Count; i++)
                {
                    set.Add(chunk[i]);
                }
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.ChangeTracker.Clear();
            await database.UseTransactionAsync(null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_context is not null)
        {
            await _context.DisposeAsync().ConfigureAwait(false);
            _context = null;
            _connection = null;
        }
    }
}
