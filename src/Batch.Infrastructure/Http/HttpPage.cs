namespace Batch.Infrastructure.Http;

/// <summary>The items of one page of an HTTP API and the state of the page after it.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items of the page, in order (may be empty).</param>
/// <param name="NextPage">The state of the next page (a page number, an offset, a next link, a cursor), or null when this is the last page.</param>
public sealed record HttpPage<T>(IReadOnlyList<T> Items, string? NextPage);
