using System.Globalization;
using System.Linq.Expressions;
using Batch.Items;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Reads an EF Core query in pages ordered by two keys, a key that need not be unique and a tie-breaker that makes the pair unique (a time and
/// an id): <c>query.Where(key &gt;= lastKey &amp;&amp; (key &gt; lastKey || then &gt; lastThen)).OrderBy(key).ThenBy(then).Take(pageSize)</c>,
/// without tracking. Restartable by the last pair committed, as <see cref="EntityFrameworkKeysetItemReader{T, TKey}"/> is by its key.
/// </summary>
/// <remarks>
/// Use it to read in the order of a column that is not unique, so that each chunk holds neighbouring rows (the bookings of the same hours, the
/// orders of the same days). The <c>key &gt;= lastKey</c> term lets the database seek an index on the key instead of scanning from the first
/// row for every page; index the key (or both). The pair must be unique over the query's rows and each of a type the database orders.
/// </remarks>
/// <example>
/// <code>
/// .Reader(ctx =&gt; new EntityFrameworkCompositeKeysetItemReader&lt;Booking, DateTime, long&gt;(
///     db.Bookings.Where(b =&gt; b.ClassStartsAt &gt;= start), b =&gt; b.ClassStartsAt, b =&gt; b.Id, pageSize: 1000, name: "bookings.reader"))
/// </code>
/// </example>
/// <typeparam name="T">The entity (or projection) type.</typeparam>
/// <typeparam name="TKey">The first key's type.</typeparam>
/// <typeparam name="TThenKey">The tie-breaker's type.</typeparam>
public sealed class EntityFrameworkCompositeKeysetItemReader<T, TKey, TThenKey> : IItemReader<T>, IItemStream, IItemPositionProvider
    where T : class
{
    private readonly Func<T, TKey> _keyOf;
    private readonly Func<T, TThenKey> _thenKeyOf;
    private readonly LastKeys _last = new();
    private readonly string _contextKey;
    private readonly string _contextThenKey;
    private readonly EntityFrameworkKeysetPages<T> _pages;

    /// <summary>Creates the reader.</summary>
    /// <param name="query">The items to read, filtered as needed; without ordering or paging (the reader adds them).</param>
    /// <param name="key">The key to order by first, a property of the item (<c>b =&gt; b.ClassStartsAt</c>); need not be unique.</param>
    /// <param name="thenKey">The key that orders the items of the same <paramref name="key"/> and makes the pair unique (<c>b =&gt; b.Id</c>).</param>
    /// <param name="pageSize">The items fetched per query.</param>
    /// <param name="name">The name the last pair is kept under in the step's context (<c>{name}.lastKey</c>, <c>{name}.lastThenKey</c>); unique within the step.</param>
    /// <exception cref="ArgumentException">A key's type has no order the reader can express.</exception>
    public EntityFrameworkCompositeKeysetItemReader(
        IQueryable<T> query, Expression<Func<T, TKey>> key, Expression<Func<T, TThenKey>> thenKey, int pageSize = 1000, string name = "ef.keyset.reader")
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(thenKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _contextKey = name + ".lastKey";
        _contextThenKey = name + ".lastThenKey";
        _keyOf = key.Compile();
        _thenKeyOf = thenKey.Compile();
        var item = key.Parameters[0];
        var keyBody = key.Body;
        var thenBody = new Rebind(thenKey.Parameters[0], item).Visit(thenKey.Body);
        var lastKey = Expression.Field(Expression.Constant(_last), nameof(LastKeys.Key));
        var lastThen = Expression.Field(Expression.Constant(_last), nameof(LastKeys.ThenKey));
        var after = Expression.AndAlso(
            EntityFrameworkKeysetPages<T>.Compare<TKey>(keyBody, lastKey, ExpressionType.GreaterThanOrEqual, nameof(key)),
            Expression.OrElse(
                EntityFrameworkKeysetPages<T>.Compare<TKey>(keyBody, lastKey, ExpressionType.GreaterThan, nameof(key)),
                EntityFrameworkKeysetPages<T>.Compare<TThenKey>(thenBody, lastThen, ExpressionType.GreaterThan, nameof(thenKey))));
        _pages = new EntityFrameworkKeysetPages<T>(
            query.AsNoTracking().OrderBy(key).ThenBy(thenKey).Take(pageSize),
            query.AsNoTracking().Where(Expression.Lambda<Func<T, bool>>(after, item)).OrderBy(key).ThenBy(thenKey).Take(pageSize),
            pageSize,
            read =>
            {
                _last.Key = _keyOf(read);
                _last.ThenKey = _thenKeyOf(read);
            });
    }

    /// <summary>The pair of the item read last (<c>key (2026-12-01T10:00:00, 42)</c>), or null before the first.</summary>
    public string? CurrentPosition => _pages.HasLast
        ? string.Create(CultureInfo.InvariantCulture, $"key ({Convert.ToString(_last.Key, CultureInfo.InvariantCulture)}, {Convert.ToString(_last.ThenKey, CultureInfo.InvariantCulture)})")
        : null;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken) => _pages.ReadAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        var hasLast = executionContext.TryGet<TKey>(_contextKey, out var key) & executionContext.TryGet<TThenKey>(_contextThenKey, out var thenKey);
        _last.Key = key;
        _last.ThenKey = thenKey;
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
            executionContext.Put(_contextThenKey, _thenKeyOf(item));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _pages.Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Holds the last pair; EF Core reads its fields as parameters at each execution.</summary>
    private sealed class LastKeys
    {
#pragma warning disable CA1051 // fields, so the expression reads them as parameters
        public TKey Key = default!;
        public TThenKey ThenKey = default!;
#pragma warning restore CA1051
    }

    /// <summary>Puts the key's parameter in place of the tie-breaker's, so both terms test the same item.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
