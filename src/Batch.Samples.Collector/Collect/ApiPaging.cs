using System.Globalization;
using System.Text.Json;
using Batch.Infrastructure.Http;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// The library's <see cref="HttpJsonPagingReader{T}"/> options for an API resource, by its paging type: <c>number</c> asks for
/// <c>{path}?page=N&amp;size=S</c> from 1 and stops after a page shorter than S; <c>offset</c> asks for <c>{path}?offset=O&amp;limit=S</c>
/// from 0 and stops likewise; <c>link</c> asks for <c>{path}?limit=S</c>, then follows the body's next URL until it is null or
/// missing; <c>cursor</c> asks for <c>{path}?limit=S</c>, then <c>&amp;cursor=C</c> with the body's next cursor until it is null or
/// missing. The page state the reader keeps (and restarts from) is the number, the offset, the URL or the cursor.
/// </summary>
internal static class ApiPaging
{
    /// <summary>The page state of a cursor API's first page (no cursor yet).</summary>
    internal const string NoCursor = "-";

    /// <summary>A connection's base URL, ending in <c>/</c> so that resource paths go below its path (<c>http://h/api</c> → <c>http://h/api/</c>).</summary>
    public static Uri BaseUrl(string connectionString) => new(connectionString.EndsWith('/') ? connectionString : connectionString + "/", UriKind.Absolute);

    public static HttpJsonPagingReaderOptions<object?[]> Options(Uri baseUrl, TableEntry table, IReadOnlyList<SourceColumn> columns, string clientName)
    {
        var api = table.Api ?? throw new CollectorException($"{table.PartitionValue} is not an API resource: register it in T_COLLECT_API_0001.");
        var resource = new Uri(baseUrl, table.TableName);
        var size = api.PageSize.ToString(CultureInfo.InvariantCulture);
        return new HttpJsonPagingReaderOptions<object?[]>
        {
            Name = "source",
            ClientName = clientName,
            FirstPage = api.PagingType switch
            {
                ApiResource.Number => "1",
                ApiResource.Offset => "0",
                ApiResource.Link => Query(resource, (api.SizeQuery, size)).AbsoluteUri,
                _ => NoCursor,
            },
            CreateRequest = state => new HttpRequestMessage(HttpMethod.Get, api.PagingType switch
            {
                ApiResource.Link => new Uri(resource, state),
                ApiResource.Cursor when state == NoCursor => Query(resource, (api.SizeQuery, size)),
                _ => Query(resource, (api.PageQuery, state), (api.SizeQuery, size)),
            }),
            ParsePage = (root, state) =>
            {
                var items = Items(root, api, columns);
                return new HttpPage<object?[]>(items, NextPage(root, state, api, items.Count, resource));
            },
        };
    }

    private static List<object?[]> Items(JsonElement root, ApiResource api, IReadOnlyList<SourceColumn> columns)
    {
        var array = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty(api.ItemsField, out var found) && found.ValueKind == JsonValueKind.Array ? found
            : throw new FormatException($"the body has no array '{api.ItemsField}' of items (T_COLLECT_API_0001.ITEMS_FIELD).");
        var items = new List<object?[]>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"an item of '{api.ItemsField}' is {item.ValueKind}, not an object.");
            }

            var row = new object?[columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ApiColumns.Value(item, columns[i]);
            }

            items.Add(row);
        }

        return items;
    }

    private static string? NextPage(JsonElement root, string state, ApiResource api, int count, Uri resource)
    {
        switch (api.PagingType)
        {
            case ApiResource.Number:
                return count < api.PageSize ? null : (long.Parse(state, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            case ApiResource.Offset:
                return count < api.PageSize ? null : (long.Parse(state, CultureInfo.InvariantCulture) + count).ToString(CultureInfo.InvariantCulture);
            default:
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(api.Next, out var next) || next.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                var text = next.ValueKind == JsonValueKind.String ? next.GetString() : next.GetRawText();
                if (string.IsNullOrEmpty(text) || api.PagingType != ApiResource.Link)
                {
                    return string.IsNullOrEmpty(text) ? null : text;
                }

                var link = new Uri(resource, text);
                return Uri.Compare(link, resource, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                    ? link.AbsoluteUri
                    : throw new FormatException($"the next link '{text}' leaves the API's server {resource.GetLeftPart(UriPartial.Authority)}; the collector follows links on the registered server only.");
        }
    }

    private static Uri Query(Uri resource, params (string Name, string Value)[] parameters)
    {
        var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        var builder = new UriBuilder(resource);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }
}
