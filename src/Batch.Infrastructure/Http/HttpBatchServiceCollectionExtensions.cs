using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HTTP clients that Batch's HTTP readers use.</summary>
public static class HttpBatchServiceCollectionExtensions
{
    /// <summary>The client name the HTTP readers use unless told otherwise: <c>Batch.Http</c>.</summary>
    public const string DefaultClientName = "Batch.Http";

    /// <summary>
    /// Registers a named <see cref="HttpClient"/> with the standard resilience handler of Microsoft.Extensions.Http.Resilience
    /// (on Polly): a total request timeout, retries with exponential backoff and jitter on transient failures (5xx, 408, 429,
    /// network errors, attempt time-outs), a circuit breaker and a per-attempt timeout.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name; <see cref="DefaultClientName"/> by default.</param>
    /// <param name="configureClient">Sets the base address, headers and so on.</param>
    /// <param name="configureResilience">Changes the standard resilience options (time-outs, retries, breaker); the defaults are the library's: 30 s in all, 10 s per attempt, 3 retries from 2 s.</param>
    /// <returns>The client's builder, to add a proxy (<c>ConfigurePrimaryHttpMessageHandler</c>) or more handlers.</returns>
    /// <example>
    /// <code>
    /// services.AddBatchHttpClient(
    ///     configureClient: c => c.BaseAddress = new Uri("https://api.example.org/"),
    ///     configureResilience: r => r.Retry.MaxRetryAttempts = 5)
    ///   .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { Proxy = new WebProxy("http://proxy:3128") });
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddBatchHttpClient(
        this IServiceCollection services,
        string name = DefaultClientName,
        Action<HttpClient>? configureClient = null,
        Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var builder = configureClient is null ? services.AddHttpClient(name) : services.AddHttpClient(name, configureClient);
        if (configureResilience is null)
        {
            builder.AddStandardResilienceHandler();
        }
        else
        {
            builder.AddStandardResilienceHandler(configureResilience);
        }

        return builder;
    }
}
