using Spectre.Console;

namespace Batch.Hosting.Console;

/// <summary>
/// Where the Batch console logger's lines go: standard output (or the configured writer), one whole line at a time; while the
/// command line shows live progress bars, through the bars' console instead, which writes each line above the bars and redraws
/// them below it, so log lines and bars never cut into each other.
/// </summary>
internal sealed class ConsoleLogLines
{
    private readonly Lock _gate = new();
    private IAnsiConsole? _live;

    /// <summary>Whether a live display currently takes the lines.</summary>
    public bool IsLive
    {
        get
        {
            lock (_gate)
            {
                return _live is not null;
            }
        }
    }

    /// <summary>Sends the lines through <paramref name="console"/> until the returned handle is disposed.</summary>
    public IDisposable GoLive(IAnsiConsole console)
    {
        lock (_gate)
        {
            _live = console;
        }

        return new LiveEnd(this, console);
    }

    /// <summary>Writes one record (its exception, if any, on the lines after it) to <paramref name="writer"/>, or above the bars while they are shown.</summary>
    public void Write(string text, TextWriter writer)
    {
        lock (_gate)
        {
            if (_live is { } console)
            {
                console.Write(new Text(text + "\n"));
                return;
            }

            writer.Write(text + Environment.NewLine);
            writer.Flush();
        }
    }

    private sealed class LiveEnd(ConsoleLogLines lines, IAnsiConsole console) : IDisposable
    {
        public void Dispose()
        {
            lock (lines._gate)
            {
                if (ReferenceEquals(lines._live, console))
                {
                    lines._live = null;
                }
            }
        }
    }
}
