using Microsoft.Extensions.Logging;

namespace Samples.Pass.Web;

/// <summary>Sends the web server's logs to the application's logger factory (its console and log files).</summary>
internal sealed class PassWebLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the application.
    }
}
