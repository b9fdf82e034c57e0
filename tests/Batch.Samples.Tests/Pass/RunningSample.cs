using System.Diagnostics;

namespace Batch.Samples.Tests.Pass;

/// <summary>A sample process started by a test, with its output (standard output and error) collected.</summary>
/// <param name="process">The process, its output read asynchronously.</param>
internal sealed class RunningSample(Process process) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly System.Text.StringBuilder _output = new();

    public Process Process { get; } = process;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _output.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
