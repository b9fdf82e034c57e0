using System.Diagnostics;
using System.Globalization;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The job side of the PostgreSQL → CSV comparison run alone in a process, to profile it:
/// <c>--child pg-to-csv &lt;connection&gt; &lt;output&gt; [rounds]</c> runs the bulk-files workload's export job that many times
/// (3 by default; the workload counts all rounds but its first) and prints, for each round, its wall and CPU milliseconds.
/// </summary>
internal static class PostgresToCsvChild
{
    public static async Task<int> RunAsync(string connectionString, string output, int rounds)
    {
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var elapsed = await BulkFileWorkload.PostgresExportJobAsync(connectionString, output, rows: null, CancellationToken.None);
            process.Refresh();
            var cpu = process.TotalProcessorTime - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {elapsed:0.0} ms wall, {cpu.TotalMilliseconds:0.0} ms CPU"));
        }

        return 0;
    }
}
