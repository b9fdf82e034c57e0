using Batch.Hosting;
using Batch.Infrastructure.Parquet;
using Batch.Launch;

namespace Batch.Infrastructure.CrashHost;

/// <summary>Runs (or restarts) the lake job (<see cref="LakeJob"/>) on a SQLite or PostgreSQL repository.</summary>
internal static class LakeMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        await using var repository = provider.CreateRepository();
        var job = LakeJob.Create(
            arguments.Require("lake"),
            arguments.Int("items", 100),
            arguments.Int("chunk", 10),
            arguments.Int("kill-chunk", 0),
            arguments.Get("kill-when") ?? "after-rename",
            arguments.Get("mode") == "overwrite" ? ParquetWriteMode.OverwritePartitions : ParquetWriteMode.Append,
            arguments.Int("first", 1));
        var run = arguments.Get("run") is { } number ? "&run=" + number : string.Empty;
        var parameters = JobParameters.Parse("date=" + (arguments.Get("date") ?? "2026-11-22") + run);
        var execution = await new JobLauncher(repository).RunAsync(job, parameters, CancellationToken.None);
        Console.WriteLine($"execution {execution.Id} {execution.Status.ToCode()}");
        if (execution.Status == BatchStatus.Failed)
        {
            Console.WriteLine(execution.ExitStatus.ExitDescription);
        }

        return BatchExitCodes.ForStatus(execution.Status);
    }
}
