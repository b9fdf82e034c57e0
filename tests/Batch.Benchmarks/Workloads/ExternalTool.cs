using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Batch.Benchmarks.Workloads;

/// <summary>Runs the command-line tools the workloads compare against (psql, sqlite3, a child benchmark process).</summary>
internal static class ExternalTool
{
    /// <summary>Runs a tool to its end and returns what it printed; a non-zero exit code fails with its error output.</summary>
    public static Task<string> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(tool, arguments, null, cancellationToken);

    /// <summary>Runs a tool to its end with extra environment variables and returns what it printed; a non-zero exit code fails with its output.</summary>
    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await output} {await error}");
        }

        return await output;
    }

    /// <summary>The psql arguments that connect to the database of a connection string (quietly, stopping at the first error).</summary>
    public static string[] PsqlArguments(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!];
    }
}
