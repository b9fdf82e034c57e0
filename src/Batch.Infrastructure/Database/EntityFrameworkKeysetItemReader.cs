using System.Linq.Expressions;
using Batch.Items;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Reads an EF Core query in pages ordered by a key: <c>query.Where(key &gt; last).OrderBy(key).Take(pageSize)</c>, without
/// tracking. Restartable by the last key committed: the key of the last item handed out is saved in the step's context at
/// each checkpoint, and a restart reads the items after it (rows inserted before it in the meantime are not read).
/// </summary>
/// <remarks>
/// The key must be unique over the query's rows and of a type the database orders (numbers, dates, text, GUIDs). The last
/// key is a query parameter, so each page runs the same cached, parameterized query. The query's context belongs to the
/// caller (it is not disposed here) and should be its own, not the one a writer uses.
/// </remarks>
/// <example>
/// <code>
/// .Reader(ctx =&gt; new EntityFrameworkKeysetItemReader&lt;Order, long&gt;(
///     shop.Orders.Where(o =&gt; o.Region == region), o =&gt; o.Id, pageSize: 500, name: "orders.reader"))
/// </code>
/// </example>
/// <typeparam name="T">The entity (or projection) type.</typeparam>
/// <typeparam name="TKey">The key's type.</typeparam>
public sealed class EntityFrameworkKeysetItemReader<T, TKey> : IItemReader<T>, IItemStream, IItemPositionProvider
    where T : class
{
    private readonly Func<T, TKey> _keyOf;
    private readonly LastKey _lastKey = new();
    private readonly string _contextKey;
    private readonly EntityFrameworkKeysetPages<T> _pages;

    /// <summary>Creates the reader.</summary>
    /// <param name="query">The items to read, filtered as needed; without ordering or paging (the reader adds them).</param>
    /// <param name="key">The unique key to page by, a property of the item (<c>o =&gt; o.Id</c>).</param>
    /// <param name="pageSize">The items fetched per query.</param>
    /// <param name="name">The name the last key is kept under in the step's context (<c>{name}.lastKey</c>); unique within the step.</param>
    /// <exception cref="ArgumentException">The key's type has no order the reader can express.</exception>
    public EntityFrameworkKeysetItemReader(IQueryable<T> query, Expression<Func<T, TKey>> key, int pageSize = 1000, string name = "ef.keyset.reader")
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _contextKey = name + ".lastKey";
        _keyOf = key.Compile();
        var last = Expression.Field(Expression.Constant(_lastKey), nameof(LastKey.Value));
        var after = Expression.Lambda<Func<T, bool>>(
            EntityFrameworkKeysetPages<T>.Compare<TKey>(key.Body, last, ExpressionType.GreaterThan, nameof(key)), key.Parameters);
        _pages = new EntityFrameworkKeysetPages<T>(
            query.AsNoTracking().OrderBy(key).Take(pageSize),
            query.AsNoTracking().Where(after).OrderBy(key).Take(pageSize),
            pageSize,
            item => _lastKey.Value = _keyOf(item));
    }

    /// <summary>The key of the item read last (<c>key 42</c>), or null before the first.</summary>
    public string? CurrentPosition => _pages.HasLast ? "key " + Convert.ToString(_lastKey.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) => _pages.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        var hasLast = executionContext.TryGet<TKey>(_contextKey, out var last);
        _lastKey.Value = last;
        _pages.Reset(hasLast);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        if (_pages.TakeConsumed(out var item))
        {
            executionContext.Put(_contextKey, _keyOf(item));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _pages.Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Holds the last key; EF Core reads its field as a parameter at each execution.</summary>
    private sealed class LastKey
    {
#pragma warning disable CA1051 // a field, so the expression reads it as a parameter
        public TKey Value = default!;
#pragma warning restore CA1051
    }
}
