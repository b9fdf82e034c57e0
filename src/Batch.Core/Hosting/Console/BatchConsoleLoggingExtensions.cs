using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Configuration;

namespace Batch.Hosting.Console;

/// <summary>Adds the Batch console logger to an application's logging.</summary>
public static class BatchConsoleLoggingExtensions
{
    /// <summary>
    /// Adds a console logger that writes one line per record (<c>HH:mm:ss info: Category[0] message</c>, as
    /// <c>AddSimpleConsole</c> with <c>SingleLine</c>) and that, while the command line shows live progress bars, writes its lines
    /// above the bars instead of into them. Use it instead of <c>AddSimpleConsole</c> in an application run from the Batch
    /// command line on a terminal; its levels are configured under <c>Logging:BatchConsole:LogLevel</c> like any provider's.
    /// </summary>
    /// <param name="builder">The application's logging builder.</param>
    /// <param name="configure">Optional settings (timestamp format, standard-error threshold, writers).</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// builder.Logging.ClearProviders().AddBatchConsole();
    /// </code>
    /// </example>
    public static ILoggingBuilder AddBatchConsole(this ILoggingBuilder builder, Action<BatchConsoleLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConfiguration();
        builder.Services.TryAddSingleton<ConsoleLogLines>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchConsoleLoggerProvider>());
        LoggerProviderOptions.RegisterProviderOptions<BatchConsoleLoggerOptions, BatchConsoleLoggerProvider>(builder.Services);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
