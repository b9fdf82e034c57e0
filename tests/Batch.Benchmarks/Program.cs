using System.Globalization;
using Batch.Benchmarks;
using Batch.Benchmarks.Reporting;
using Batch.Benchmarks.Workloads;

// Runs every end-to-end workload with its baseline in the same run and writes results/latest.json and latest.md.
// Usage: dotnet run -c Release --project tests/Batch.Benchmarks -- [--scale 1.0] [--repetitions 5] [--only text] [--out dir]
if (args is ["--child", "csv-to-postgres", var variant, var csv, var connection])
{
    return await CsvToPostgresChild.RunAsync(variant, csv, connection);
}

if (args is ["--child", "partition-worker", var workerConnection])
{
    return await RemotePartitionsChild.RunAsync(workerConnection);
}

if (args is ["--child", "pg-to-csv", var source, var exportFile, .. var rest])
{
    return await PostgresToCsvChild.RunAsync(source, exportFile, rest is [var rounds] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 3);
}

var scale = 1.0;
var repetitions = 5;
string? only = null;
var output = Path.Combine(BenchmarkPaths.ProjectDirectory(), "results");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale": scale = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repetitions": repetitions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only": only = args[++i]; break;
        case "--out": output = args[++i]; break;
        default:
            Console.Error.WriteLine($"error: unknown option '{args[i]}'. usage: [--scale 1.0] [--repetitions 5] [--only text] [--out dir]");
            return 2;
    }
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var results = await WorkloadRunner.RunAsync(scale, repetitions, only, Console.Out, cancellation.Token);
var report = new ResultsReport(results, new BenchmarkSettings(scale, repetitions, output, null));
await report.WriteAsync(output, cancellation.Token);
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
Console.WriteLine($"Results written to {Path.Combine(output, "latest.json")} and latest.md");
return 0;
