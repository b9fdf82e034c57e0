using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;

namespace Samples.Pass;

/// <summary>
/// Sends notifications to a messaging service's HTTP API: <c>POST {Pass:Notifications:Url}</c> with <c>{"id", "to", "text"}</c> as JSON and
/// the header <c>Idempotency-Key: notification-{id}</c>, so a notification sent again after a restart is delivered once. Any status but
/// 2xx fails the send. The URL is read from the configuration at each send, so a changed setting (or the <c>pass-demo</c> command's
/// stand-in service, see <see cref="DemoMessagingService"/>) applies without a new sender.
/// </summary>
public sealed class HttpNotificationSender : INotificationSender
{
    /// <summary>The configuration key of the messaging service's URL.</summary>
    public const string UrlKey = "Pass:Notifications:Url";

    private readonly HttpClient _client;
    private readonly IConfiguration _configuration;
    private ParsedUrl _endpoint = new(null, null);   // replaced whole, so concurrent senders never see half of it

    /// <summary>Creates the sender.</summary>
    /// <param name="client">The HTTP client (from <c>AddHttpClient</c>).</param>
    /// <param name="configuration">The application's configuration, with <see cref="UrlKey"/>.</param>
    public HttpNotificationSender(HttpClient client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        _client = client;
        _configuration = configuration;
    }

    /// <summary>The configured endpoint, or null when none (or no http(s) URL) is set; parsed again only when the setting changed.</summary>
    private Uri? Endpoint
    {
        get
        {
            var url = _configuration[UrlKey];
            var cached = _endpoint;
            if (string.Equals(cached.Text, url, StringComparison.Ordinal))
            {
                return cached.Endpoint;
            }

            var endpoint = Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
            _endpoint = new ParsedUrl(url, endpoint);
            return endpoint;
        }
    }

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var endpoint = Endpoint ?? throw new InvalidOperationException(
            $"No messaging service to send notifications to: set {UrlKey} (environment variable Pass__Notifications__Url) to its http(s) URL.");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new { id = notification.Id, to = notification.Phone, text = notification.Text }),
        };
        request.Headers.Add("Idempotency-Key", "notification-" + notification.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The messaging service at {endpoint} refused notification {notification.Id} with {(int)response.StatusCode} {response.ReasonPhrase}; " +
                "the chunk is rolled back and its notifications are sent again when the job is restarted.",
                null,
                response.StatusCode);
        }
    }

    private sealed record ParsedUrl(string? Text, Uri? Endpoint);
}
