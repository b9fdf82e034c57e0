using System.Collections.Concurrent;
using System.Diagnostics;

namespace Batch.Samples.Collector.Tests;

/// <summary>A <c>worker</c> process of the collector (the framework's command), with its id read from its first line.</summary>
internal sealed class CollectorWorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _id = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _lines = new();

    private CollectorWorkerProcess(Process process) => _process = process;

    /// <summary>The worker's id in its claims (<c>machine:pid:random</c>), once it waits for partitions.</summary>
    public Task<string> Id => _id.Task;

    /// <summary>Everything it printed so far.</summary>
    public string Output => string.Join('\n', _lines);

    public static CollectorWorkerProcess Start(string baseDirectory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Batch.Samples.Collector.dll"));
        start.ArgumentList.Add("worker");
        start.Environment["DATALAKE_COLLECTOR"] = baseDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var worker = new CollectorWorkerProcess(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, e) => worker.Received(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Received(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        worker._process.EnableRaisingEvents = true;
        worker._process.Exited += (_, _) => worker._id.TrySetException(new InvalidOperationException($"The worker exited before it waited for partitions:\n{worker.Output}"));
        return worker;
    }

    /// <summary>Its process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kills it (SIGKILL) and waits for its end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        TestContext.Progress.WriteLine($"worker {_process.Id}: {line}");
        const string prefix = "Worker ";
        var waiting = line.IndexOf(" waiting for partitions", StringComparison.Ordinal);
        if (line.StartsWith(prefix, StringComparison.Ordinal) && waiting > 0)
        {
            _id.TrySetResult(line[prefix.Length..waiting]);
        }
    }
}
