using System.Net;
using System.Text.Json;
using Batch.Items;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Http;

/// <summary>
/// Reads the items of a paging JSON API, page after page, through a named client of <see cref="IHttpClientFactory"/>
/// (register it with <see cref="HttpBatchServiceCollectionExtensions.AddBatchHttpClient"/> to get time-outs, retries
/// with backoff and a circuit breaker). Pages are asked for by page number, offset, next link or cursor, as
/// <see cref="HttpJsonPagingReaderOptions{T}"/> says.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>
/// Restartable from the page: at each checkpoint the step's context gets the state of the current page
/// (<c>{Name}.page</c>) and how many of its items were consumed (<c>{Name}.index</c>); when the page is used up and
/// the next one is known, the next page with index 0. A restart asks for that page again and skips the consumed items,
/// so nothing is lost or read twice as long as the API returns the same page for the same state.
/// </para>
/// <para>
/// A page that still fails after the resilience handler's retries (an error status, a time-out, an open circuit, a
/// connection refused) or whose body is not valid JSON fails the step with an <see cref="ItemStreamException"/> naming
/// the URL and the status; the restart resumes at that page. One page's items are held in memory at a time.
/// </para>
/// </remarks>
public sealed class HttpJsonPagingReader<T> : IItemReader<T>, IItemStream, IItemPositionProvider
{
    private readonly IHttpClientFactory _clients;
    private readonly HttpJsonPagingReaderOptions<T> _options;
    private readonly Func<string, HttpRequestMessage> _createRequest;
    private readonly HttpPageParser<T> _parsePage;
    private readonly string _pageKey;
    private readonly string _indexKey;
    private HttpClient? _client;
    private string _page = string.Empty;
    private IReadOnlyList<T>? _items;
    private string? _next;
    private int _index;
    private int _skipOnLoad;

    /// <summary>Creates the reader.</summary>
    /// <param name="clients">The client factory (from dependency injection).</param>
    /// <param name="options">The pages to read and how.</param>
    /// <exception cref="ArgumentException">A required option is missing.</exception>
    public HttpJsonPagingReader(IHttpClientFactory clients, HttpJsonPagingReaderOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, "options.Name");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientName, "options.ClientName");
        ArgumentException.ThrowIfNullOrEmpty(options.FirstPage, "options.FirstPage");
        _createRequest = options.CreateRequest ?? throw new ArgumentException("Set CreateRequest: it builds the request for a page state.", nameof(options));
        _parsePage = options.ParsePage ?? throw new ArgumentException("Set ParsePage: it reads a page's items and the next page's state from the JSON body.", nameof(options));
        _clients = clients;
        _options = options;
        if (options.BodyTimeout != Timeout.InfiniteTimeSpan && options.BodyTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BodyTimeout, "BodyTimeout must be at least 1 ms, or Timeout.InfiniteTimeSpan for none.");
        }

        _pageKey = options.Name + ".page";
        _indexKey = options.Name + ".index";
    }

    /// <summary>The state of the page being read.</summary>
    public string CurrentPage => _page;

    /// <inheritdoc />
    public string? CurrentPosition => _items is null ? null : $"page {_page}, item {_index}";

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        _client = _clients.CreateClient(_options.ClientName);
        _page = executionContext.TryGet<string>(_pageKey, out var page) && !string.IsNullOrEmpty(page) ? page : _options.FirstPage;
        _skipOnLoad = (int)executionContext.GetLong(_indexKey, 0);
        _items = null;
        _next = null;
        _index = 0;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_items is not null && _index < _items.Count)
        {
            return new(new ItemResult<T>(_items[_index++]));
        }

        return ReadNextPageAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        if (_items is null)
        {
            return ValueTask.CompletedTask;
        }

        if (_index >= _items.Count && _next is not null)
        {
            executionContext.Put(_pageKey, _next);
            executionContext.Put(_indexKey, 0L);
        }
        else
        {
            executionContext.Put(_pageKey, _page);
            executionContext.Put(_indexKey, (long)_index);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _items = null;
        _client = null;
        return ValueTask.CompletedTask;
    }

    private async ValueTask<ItemResult<T>> ReadNextPageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_items is not null)
            {
                if (_next is null)
                {
                    return ItemResult<T>.None;
                }

                _page = _next;
                _items = null;
                _index = 0;
            }

            await LoadPageAsync(cancellationToken).ConfigureAwait(false);
            if (_index < _items!.Count)
            {
                return new ItemResult<T>(_items[_index++]);
            }
        }
    }

    private async Task LoadPageAsync(CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("The HTTP reader is not open: the step opens it before reading.");
        using var request = _createRequest(_page);
        var url = Describe(client, request);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or TimeoutException or Polly.ExecutionRejectedException)
        {
            throw new ItemStreamException(
                $"Page {_page} of {url} could not be read: {Reason(ex)}. The step failed at this page; " +
                "check that the server is reachable (and the proxy, if any), then restart: it resumes at this page.",
                ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ItemStreamException(
                    $"Page {_page} of {url} answered {(int)response.StatusCode} {StatusText(response.StatusCode, response.ReasonPhrase)} " +
                    "(after the client's retries). The step failed at this page; restart when the server answers again: it resumes at this page.");
            }

            HttpPage<T> page;
            using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTimeout.CancelAfter(_options.BodyTimeout);
            try
            {
                var body = await response.Content.ReadAsStreamAsync(bodyTimeout.Token).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    using var document = await JsonDocument.ParseAsync(body, default, bodyTimeout.Token).ConfigureAwait(false);
                    page = _parsePage(document.RootElement, _page) ?? throw new InvalidOperationException("ParsePage returned null.");
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ItemStreamException(
                    $"Page {_page} of {url} sent its headers, then not the whole body within {_options.BodyTimeout.TotalSeconds:0.###} s (BodyTimeout). " +
                    "The step failed at this page; check the server, then restart: it resumes at this page.",
                    ex);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new ItemStreamException(
                    $"Page {_page} of {url} is not the JSON expected: {ex.Message} The step failed at this page; " +
                    "correct the API's answer (or the page parser) and restart: it resumes at this page.",
                    ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // A connection that breaks off mid-body: HttpIOException (an IOException) on .NET 8 and later.
                throw new ItemStreamException(
                    $"Page {_page} of {url} broke off while its body was read: {ex.Message.TrimEnd('.')}. Restart: the step resumes at this page.", ex);
            }

            _items = page.Items ?? [];
            _next = string.IsNullOrEmpty(page.NextPage) ? null : page.NextPage;
            if (_items.Count == 0 && string.Equals(_next, _page, StringComparison.Ordinal))
            {
                throw new ItemStreamException(
                    $"Page {_page} of {url} is empty and names itself as the next page, so paging would never end. " +
                    "Check the page parser's next-page state (ParsePage), then restart: the step resumes at this page.");
            }

            _index = Math.Min(_skipOnLoad, _items.Count);
            _skipOnLoad = 0;
        }
    }

    private static string Describe(HttpClient client, HttpRequestMessage request)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : client.BaseAddress is { } baseAddress && request.RequestUri is { } relative ? new Uri(baseAddress, relative) : request.RequestUri;
        return $"{request.Method} {uri}";
    }

    private static string StatusText(HttpStatusCode status, string? reason) =>
        string.IsNullOrEmpty(reason) ? status.ToString() : reason;

    private static string Reason(Exception ex) => ex switch
    {
        Polly.Timeout.TimeoutRejectedException => $"no answer within the client's timeout ({ex.Message.TrimEnd('.')})",
        Polly.CircuitBreaker.BrokenCircuitException => "the client's circuit breaker is open after repeated failures",
        OperationCanceledException or TimeoutException => "no answer within the client's timeout",
        _ => ex.Message.TrimEnd('.'),
    };
}
