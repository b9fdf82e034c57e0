using System.Linq.Expressions;
using Batch.Items;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Database;

/// <summary>
/// The paging loop the EF Core keyset readers share: the first page, then a page after the last item of the one before (the reader's
/// key holders, read by the query as parameters, are set through <c>remember</c>); remembers the item handed out last for the checkpoint.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class EntityFrameworkKeysetPages<T>
    where T : class
{
    private readonly IQueryable<T> _first;
    private readonly IQueryable<T> _next;
    private readonly int _pageSize;
    private readonly Action<T> _remember;
    private List<T>? _page;
    private int _index;
    private bool _exhausted;
    private T? _consumed;

    public EntityFrameworkKeysetPages(IQueryable<T> first, IQueryable<T> next, int pageSize, Action<T> remember)
    {
        _first = first;
        _next = next;
        _pageSize = pageSize;
        _remember = remember;
    }

    /// <summary>Whether a page after a last key is read next (false: the first page).</summary>
    public bool HasLast { get; private set; }

    public async ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_page is not null && _index < _page.Count)
            {
                var item = _page[_index++];
                _consumed = item;
                return new ItemResult<T>(item);
            }

            if (_exhausted || (_page is not null && _page.Count < _pageSize))
            {
                _exhausted = true;
                return ItemResult<T>.None;
            }

            if (_page is { Count: > 0 })
            {
                _remember(_page[^1]);
                HasLast = true;
            }

            _page = await (HasLast ? _next : _first).ToListAsync(cancellationToken).ConfigureAwait(false);
            _index = 0;
        }
    }

    /// <summary>Starts again, after the key the reader restored (<paramref name="hasLast"/>) or from the first page.</summary>
    public void Reset(bool hasLast)
    {
        _page = null;
        _index = 0;
        _exhausted = false;
        _consumed = null;
        HasLast = hasLast;
    }

    /// <summary>The item handed out last since the previous call, if any (what the checkpoint saves the key of).</summary>
    public bool TakeConsumed(out T item)
    {
        item = _consumed!;
        _consumed = null;
        return item is not null;
    }

    public void Close() => _page = null;

    /// <summary><c>key <paramref name="comparison"/> last</c> for a key of any type the database orders: numbers, dates, GUIDs (<c>CompareTo</c>), text (<c>string.Compare</c>).</summary>
    public static Expression Compare<TKey>(Expression key, Expression last, ExpressionType comparison, string parameterName)
    {
        if (typeof(TKey) == typeof(string))
        {
            var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
            return Expression.MakeBinary(comparison, Expression.Call(compare, key, last), Expression.Constant(0));
        }

        try
        {
            return Expression.MakeBinary(comparison, key, last);
        }
        catch (InvalidOperationException)
        {
            var compareTo = typeof(TKey).GetMethod("CompareTo", [typeof(TKey)])
                ?? throw new ArgumentException($"The key type {typeof(TKey).Name} has neither a '>' operator nor CompareTo: page by a number, date, text or GUID.", parameterName);
            return Expression.MakeBinary(comparison, Expression.Call(key, compareTo, last), Expression.Constant(0));
        }
    }
}
