using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Http;

/// <summary>How an <see cref="HttpJsonPagingReader{T}"/> asks for pages and reads them.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// A page is named by its <em>state</em>, a string the reader keeps in the step's context: a page number
/// (<c>"1"</c>, <c>"2"</c>…), an offset, a next link taken from the response, or a cursor. <see cref="FirstPage"/> is
/// the state of the first page; <see cref="CreateRequest"/> builds the request for a state; <see cref="ParsePage"/>
/// returns the page's items and the state of the next page (null on the last).
/// </remarks>
public sealed class HttpJsonPagingReaderOptions<T>
{
    /// <summary>The reader's name: its keys in the step's context start with it (unique within the step). Default <c>http.reader</c>.</summary>
    public string Name { get; set; } = "http.reader";

    /// <summary>
    /// The named client to use (see <see cref="HttpBatchServiceCollectionExtensions.AddBatchHttpClient"/>, which adds the
    /// standard resilience handler). Default <see cref="HttpBatchServiceCollectionExtensions.DefaultClientName"/>.
    /// </summary>
    public string ClientName { get; set; } = HttpBatchServiceCollectionExtensions.DefaultClientName;

    /// <summary>The state of the first page, for example <c>"1"</c>, <c>"0"</c> or the first URL. Required.</summary>
    public string FirstPage { get; set; } = string.Empty;

    /// <summary>Builds the request for a page state (a relative URI uses the client's base address). Required.</summary>
    public Func<string, HttpRequestMessage>? CreateRequest { get; set; }

    /// <summary>Reads a page's items and the state of the next page from its JSON body. Required.</summary>
    public HttpPageParser<T>? ParsePage { get; set; }

    /// <summary>
    /// How long reading a page's body may take once its headers have arrived; a body that takes longer (a server that stalls
    /// half-way) fails the step at that page. The client's resilience timeouts end when the headers arrive, so this one covers
    /// the rest. Default 100 seconds; at least one millisecond, or <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
