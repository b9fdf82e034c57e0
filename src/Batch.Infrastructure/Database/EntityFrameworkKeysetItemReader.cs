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
    private readonly IQueryable<T> _first;
    private readonly IQueryable<T> _next;
    private readonly Func<T, TKey> _keyOf;
    private readonly LastKey _lastKey = new();
    private readonly int _pageSize;
    private readonly string _contextKey;
    private List<T>? _page;
    private int _index;
    private bool _exhausted;
    private bool _hasLast;
    private bool _consumed;
    private TKey _consumedKey = default!;

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
        _pageSize = pageSize;
        _contextKey = name + ".lastKey";
        _keyOf = key.Compile();
        _first = query.AsNoTracking().OrderBy(key).Take(pageSize);
        _next = query.AsNoTracking().Where(After(key, _lastKey)).OrderBy(key).Take(pageSize);
    }

    /// <summary>The key of the item read last (<c>key 42</c>), or null before the first.</summary>
    public string? CurrentPosition => _hasLast ? "key " + Convert.ToString(_lastKey.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <inheritdoc />
    public async ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_page is not null && _index < _page.Count)
            {
                var item = _page[_index++];
                _consumedKey = _keyOf(item);
                _consumed = true;
                return new ItemResult<T>(item);
            }

            if (_exhausted || (_page is not null && _page.Count < _pageSize))
            {
                _exhausted = true;
                return ItemResult<T>.None;
            }

            if (_page is { Count: > 0 })
            {
                _lastKey.Value = _keyOf(_page[^1]);
                _hasLast = true;
            }

            _page = await (_hasLast ? _next : _first).ToListAsync(cancellationToken).ConfigureAwait(false);
            _index = 0;
        }
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        _page = null;
        _index = 0;
        _exhausted = false;
        _consumed = false;
        _hasLast = executionContext.TryGet<TKey>(_contextKey, out var last);
        _lastKey.Value = last;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        if (_consumed)
        {
            _consumed = false;
            executionContext.Put(_contextKey, _consumedKey);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _page = null;
        return ValueTask.CompletedTask;
    }

    /// <summary><c>item =&gt; key(item) &gt; holder.Value</c>, the holder's field read as a query parameter.</summary>
    private static Expression<Func<T, bool>> After(Expression<Func<T, TKey>> key, LastKey holder)
    {
        var last = Expression.Field(Expression.Constant(holder), nameof(LastKey.Value));
        Expression body;
        if (typeof(TKey) == typeof(string))
        {
            var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
            body = Expression.GreaterThan(Expression.Call(compare, key.Body, last), Expression.Constant(0));
        }
        else
        {
            try
            {
                body = Expression.GreaterThan(key.Body, last);
            }
            catch (InvalidOperationException)
            {
                var compareTo = typeof(TKey).GetMethod("CompareTo", [typeof(TKey)])
                    ?? throw new ArgumentException($"The key type {typeof(TKey).Name} has neither a '>' operator nor CompareTo: page by a number, date, text or GUID.", nameof(key));
                body = Expression.GreaterThan(Expression.Call(key.Body, compareTo, last), Expression.Constant(0));
            }
        }

        return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
    }

    /// <summary>Holds the last key; EF Core reads its field as a parameter at each execution.</summary>
    private sealed class LastKey
    {
#pragma warning disable CA1051 // a field, so the expression reads it as a parameter
        public TKey Value = default!;
#pragma warning restore CA1051
    }
}
