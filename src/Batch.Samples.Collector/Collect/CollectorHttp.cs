using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Collector.Collect;

/// <summary>
/// The HTTP client of the API sources (code 02): a named client of <see cref="IHttpClientFactory"/> registered with the library's
/// <c>AddBatchHttpClient</c> — the standard resilience handler: a timeout per attempt and in all, retries with exponential backoff
/// and jitter on 5xx, 408, 429, network errors and attempt timeouts, and a circuit breaker — whose primary handler goes through
/// datalake.json's <c>proxy</c> when one is set, and through no proxy (not even the environment's) when it is null.
/// </summary>
/// <remarks>
/// The resilience settings come from the configuration section <c>Collector:Http</c> (appsettings, or environment variables such as
/// <c>Collector__Http__AttemptTimeoutSeconds</c>): <c>AttemptTimeoutSeconds</c> (default 10), <c>TotalTimeoutSeconds</c> (default 60,
/// retries included), <c>Retries</c> (default 3) and <c>RetryDelayMilliseconds</c> (default 2000, doubled at each retry).
/// </remarks>
public static class CollectorHttp
{
    /// <summary>The named client's name.</summary>
    public const string ClientName = "Samples.Collector.Api";

    /// <summary>The configuration section of the resilience settings.</summary>
    public const string Section = "Collector:Http";

    /// <summary>Registers the client.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration (section <see cref="Section"/>).</param>
    /// <param name="proxy">datalake.json's <c>proxy</c>; null for none.</param>
    /// <returns>The services.</returns>
    /// <exception cref="CollectorException">A setting of <see cref="Section"/> is not a number in its range.</exception>
    public static IServiceCollection AddCollectorHttp(this IServiceCollection services, IConfiguration configuration, string? proxy)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var attempt = TimeSpan.FromSeconds(Setting(configuration, "AttemptTimeoutSeconds", 10, 1, 600));
        var total = TimeSpan.FromSeconds(Setting(configuration, "TotalTimeoutSeconds", 60, 1, 3600));
        var retries = Setting(configuration, "Retries", 3, 0, 20);
        var delay = TimeSpan.FromMilliseconds(Setting(configuration, "RetryDelayMilliseconds", 2000, 0, 600_000));
        if (total < attempt)
        {
            throw new CollectorException($"{Section}: TotalTimeoutSeconds ({total.TotalSeconds}) must be at least AttemptTimeoutSeconds ({attempt.TotalSeconds}).");
        }

        var proxyUri = ProxyUri(proxy, out _);
        services.AddBatchHttpClient(ClientName, configureResilience: r =>
            {
                r.AttemptTimeout.Timeout = attempt;
                r.TotalRequestTimeout.Timeout = total;
                r.Retry.MaxRetryAttempts = Math.Max(1, retries);
                r.Retry.Delay = delay;
                r.Retry.ShouldHandle = retries == 0 ? _ => ValueTask.FromResult(false) : r.Retry.ShouldHandle;
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attempt.Ticks * 2));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = proxyUri is not null,
                Proxy = proxyUri is null ? null : new WebProxy(proxyUri),
                ConnectTimeout = attempt,
            });
        return services;
    }

    /// <summary>datalake.json's proxy as a URI.</summary>
    /// <param name="proxy">The setting.</param>
    /// <param name="error">Why it is not a proxy URL; null when it is one, or none is set.</param>
    /// <returns>The URI; null when none is set or it is not an http:// or https:// URL.</returns>
    public static Uri? ProxyUri(string? proxy, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(proxy))
        {
            return null;
        }

        if (Uri.TryCreate(proxy, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        error = $"datalake.json: proxy '{proxy}' is not an http:// or https:// URL; give http://host:port, or null for no proxy.";
        return null;
    }

    private static int Setting(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var text = configuration[Section + ":" + name];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CollectorException($"{Section}:{name} is '{text}'; give a whole number from {min} to {max}.");
    }
}
