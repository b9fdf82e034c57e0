using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Batch.Hosting.Console;

/// <summary>The Batch console logger (<c>Logging:BatchConsole</c> in configuration): single lines that stay clear of the command line's live progress bars.</summary>
[ProviderAlias("BatchConsole")]
internal sealed class BatchConsoleLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, BatchConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly ConsoleLogLines _lines;
    private readonly IOptionsMonitor<BatchConsoleLoggerOptions> _options;
    private readonly TimeProvider _clock;

    public BatchConsoleLoggerProvider(ConsoleLogLines lines, IOptionsMonitor<BatchConsoleLoggerOptions> options, TimeProvider? clock = null)
    {
        _lines = lines;
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new BatchConsoleLogger(name, self._lines, self._options, self._clock), this);

    public void Dispose() => _loggers.Clear();
}
