using Microsoft.Extensions.Logging;

namespace Batch.Dashboard.Hosting;

/// <summary>Sends the dashboard server's logs to the application's own logger factory (its configuration and sinks).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the application.
    }
}
