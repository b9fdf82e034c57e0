namespace Samples.Collector.Rules;

/// <summary>How an API resource of a code 02 connection is paged and typed (T_COLLECT_API_0001).</summary>
/// <param name="PagingType">How pages are asked for: <c>number</c>, <c>offset</c>, <c>link</c> or <c>cursor</c>.</param>
/// <param name="PageSize">Items asked for per page.</param>
/// <param name="ColumnTypes">The PostgreSQL type of each registered column (the item's JSON fields), in order.</param>
/// <param name="ItemsField">The body's array of items.</param>
/// <param name="NextField">link: the body's next URL; cursor: the body's next cursor; null for the default <c>next</c>.</param>
/// <param name="PageParameter">The query parameter of the page state; null for the paging type's default.</param>
/// <param name="SizeParameter">The query parameter of the page size; null for the paging type's default.</param>
public sealed record ApiResource(
    string PagingType, int PageSize, IReadOnlyList<string> ColumnTypes, string ItemsField, string? NextField, string? PageParameter, string? SizeParameter)
{
    /// <summary>Paging by page number (1, 2, …).</summary>
    public const string Number = "number";

    /// <summary>Paging by item offset (0, size, 2 × size, …).</summary>
    public const string Offset = "offset";

    /// <summary>Paging by the next link in the body.</summary>
    public const string Link = "link";

    /// <summary>Paging by the next cursor in the body.</summary>
    public const string Cursor = "cursor";

    /// <summary>The body's next URL or cursor.</summary>
    public string Next => string.IsNullOrEmpty(NextField) ? "next" : NextField;

    /// <summary>The query parameter of the page state.</summary>
    public string PageQuery => !string.IsNullOrEmpty(PageParameter) ? PageParameter : PagingType switch
    {
        Offset => "offset",
        Cursor => "cursor",
        _ => "page",
    };

    /// <summary>The query parameter of the page size.</summary>
    public string SizeQuery => !string.IsNullOrEmpty(SizeParameter) ? SizeParameter : PagingType == Number ? "size" : "limit";
}
