using Batch.Hosting;
using Batch.Launch;

namespace Batch.Infrastructure.CrashHost;

/// <summary>Runs (or restarts) one instance of the numbers job, optionally killing itself at a crash point.</summary>
internal static class RunMode
{
    public const string JobName = "numbers";

    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        var chunkSize = arguments.Int("chunk", 10);
        var crash = CrashPoint.Parse(arguments.Get("crash"));
        await using var repository = provider.CreateRepository();
        await ItemTable.CreateAsync(provider);
        var job = new NumbersJob(JobName, arguments.Int("items", 1000), chunkSize, new ItemTable.Writer(), Overlap(arguments.Get("overlap")))
        {
            DelayPerItem = TimeSpan.FromMilliseconds(arguments.Int("delay-ms", 0)),
            OnItem = AnnounceFirstItem(crash?.ItemHook(chunkSize)),
            BeforeItemAsync = HoldAt(arguments.Int("hold-at", 0), arguments.Get("release")),
        };
        var launcher = new JobLauncher(crash?.Wrap(repository) ?? repository);
        var parameters = new JobParametersBuilder().AddLong("run", arguments.Long("run", 1)).Build();
        try
        {
            var execution = await launcher.RunAsync(job.Job, parameters, CancellationToken.None);
            Console.WriteLine($"execution {execution.Id} {execution.Status.ToCode()} first-item {job.FirstItem}");
            if (execution.Status == BatchStatus.Failed)
            {
                Console.WriteLine(execution.ExitStatus.ExitDescription);
            }

            return BatchExitCodes.ForStatus(execution.Status);
        }
        catch (BatchException ex) when (ex is JobExecutionAlreadyRunningException or JobInstanceAlreadyCompleteException or JobRestartException)
        {
            Console.WriteLine($"refused {ex.GetType().Name}: {ex.Message}");
            return BatchExitCodes.Refused;
        }
    }

    /// <summary>With <c>overlap=threads|read-ahead|concurrent|all</c>: the step overlaps its work (multi-threaded, read-ahead, concurrent processing).</summary>
    private static Action<Batch.Steps.ChunkStepBuilder<int, int>>? Overlap(string? overlap) => overlap switch
    {
        null or "" or "none" => null,
        "threads" => step => step.Threads(4),
        "read-ahead" => step => step.ReadAhead(),
        "concurrent" => step => step.ProcessConcurrently(8),
        "all" => step => step.Threads(3).ReadAhead().ProcessConcurrently(4),
        _ => throw new ArgumentException($"overlap={overlap} is not one of none, threads, read-ahead, concurrent, all."),
    };

    /// <summary>
    /// With <c>hold-at=&lt;item&gt; release=&lt;file&gt;</c>: prints "holding" and waits at that item until the test creates the file
    /// (a barrier, so a test can act on a live run without racing it).
    /// </summary>
    private static Func<int, CancellationToken, Task>? HoldAt(int holdAt, string? release) =>
        holdAt <= 0 || release is null ? null : async (item, cancellationToken) =>
        {
            if (item != holdAt)
            {
                return;
            }

            Console.WriteLine("holding");
            Console.Out.Flush();
            while (!File.Exists(release))
            {
                await Task.Delay(5, cancellationToken);
            }
        };

    /// <summary>Prints "processing" when the first item is processed, so a test knows the job is under way.</summary>
    private static Action<int> AnnounceFirstItem(Action<int>? then)
    {
        var announced = false;
        return item =>
        {
            if (!announced)
            {
                announced = true;
                Console.WriteLine("processing");
                Console.Out.Flush();
            }

            then?.Invoke(item);
        };
    }
}
