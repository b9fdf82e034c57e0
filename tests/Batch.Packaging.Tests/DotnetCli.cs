using System.Diagnostics;
using System.Text;

namespace Batch.Packaging.Tests;

/// <summary>The output and exit code of one <c>dotnet</c> command.</summary>
internal sealed record CliResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"{Command} (exit {ExitCode}):{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs <c>dotnet</c> as a child process the way a user's shell would: no MSBuild variables inherited from the
/// test run, no build servers or reused nodes left behind (they would outlive the test and hold its pipes).
/// </summary>
internal static class DotnetCli
{
    /// <summary>Generous: a cold restore and build on a busy 2-core machine. Not a timing assertion.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var command = $"dotnet {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {command}.");
        }

        var stopwatch = Stopwatch.StartNew(); // reported, never asserted
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not end within {Timeout.TotalMinutes} minutes; its output so far:{Environment.NewLine}{Snapshot(output)}");
        }

        process.WaitForExit(); // drains the redirected output
        TestContext.Progress.WriteLine($"{command}: exit {process.ExitCode} after {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new CliResult(command, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
