using System.Diagnostics;
using System.Text;
using Batch.Infrastructure.CrashHost;

namespace Batch.Infrastructure.Tests.Support;

/// <summary>A run of the crash host (tests/Batch.Infrastructure.CrashHost) as a child process, with its output.</summary>
internal sealed class CrashHostProcess : IDisposable
{
    /// <summary>The exit code of a process killed with SIGKILL.</summary>
    public const int Killed = 137;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _processing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CrashHostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The host's standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Completes when the job processed its first item.</summary>
    public Task Processing => _processing.Task;

    /// <summary>Completes when the host has printed the line <paramref name="text"/> (now or earlier).</summary>
    public Task LineAsync(string text)
    {
        lock (_output)
        {
            if (_output.ToString().Split(Environment.NewLine).Contains(text))
            {
                return Task.CompletedTask;
            }

            var awaited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, awaited));
            return awaited.Task;
        }
    }

    /// <summary>Completes when the job reached its <c>hold-at</c> item and waits for the test's release file.</summary>
    public Task Holding => _holding.Task;

    public static CrashHostProcess Start(string mode, Provider provider, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Batch.Infrastructure.CrashHost.dll"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add("provider=" + provider.Name);
        start.ArgumentList.Add("connection=" + provider.ConnectionString);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var host = new CrashHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs the host to its end and returns its exit code.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string mode, Provider provider, params string[] arguments) =>
        RunAsync(mode, provider, TimeSpan.FromSeconds(90), arguments);

    /// <summary>Runs the host to its end, waiting at most <paramref name="limit"/>, and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string mode, Provider provider, TimeSpan limit, params string[] arguments)
    {
        using var host = Start(mode, provider, arguments);
        var exitCode = await host.WaitAsync(limit);
        return (exitCode, host.Output);
    }

    /// <summary>Waits for the host to exit and returns its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The crash host did not end within {timeout}. Its output:\n{Output}");
        }

        _process.WaitForExit(); // flushes the output events
        return _process.ExitCode;
    }

    /// <summary>Kills the host with SIGKILL.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already ended
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var (text, seen) in _awaited.Where(a => a.Text == line))
            {
                seen.TrySetResult();
            }
        }

        if (line == "processing")
        {
            _processing.TrySetResult();
        }

        if (line == "holding")
        {
            _holding.TrySetResult();
        }
    }
}
