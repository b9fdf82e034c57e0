using Batch.Hosting;
using Batch.Infrastructure.CrashHost;

// The repository tests' child process. Modes:
//   run   provider=sqlite|postgres connection=… run=<id> items=<n> chunk=<n> [crash=<kind:chunk>] [delay-ms=<per item>]
//         runs (or restarts) instance run=<id> of the "numbers" job, writing to TEST_ITEM; exits with the runner's codes.
//   race  provider=… connection=… rounds=<n> barrier=<folder> me=a|b
//         launches instance run=<i> of the "race" job together with the other process (barriers: files in the shared folder),
//         printing "round i: ran|running|complete".
//   cli   provider=… connection=… [hold=<file>] [chunk-ms=<n>] [busy-ms=<n>] -- <command line>
//         the command line (BatchCommandLineRunner) of a host with the "slow" job; exits with the runner's codes.
//   copy  provider=postgres connection=… run=<id> items=<n> chunk=<n> [crash=<kind:chunk>]
//         runs (or restarts) instance run=<id> of the "copy" job, loading TEST_COPY with the PostgreSQL binary COPY writer.
//   lake  provider=… connection=… lake=<folder> items=<n> chunk=<n> [kill-chunk=<k> kill-when=after-write|after-rename]
//         [mode=append|overwrite first=<id> run=<n> date=<yyyy-MM-dd>]
//         runs (or restarts) the Parquet "lake" job, killing itself (SIGKILL) in chunk k when told; run=<n> makes another instance.
//   files provider=… connection=… run=<id> input=<csv> output=<file> format=delimited|fixedwidth|jsonlines [chunk=<n>] [hold=<kind:n>] [release=<file>]
//         runs (or restarts) the file job (FilesJob): a CSV file read and written again with a file writer; hold= stops it at a
//         chosen moment ("holding") for the test to kill it.
//   takeover provider=… connection=… [heartbeat-ms=<n>] [takeover-ms=<n>] [hold-at=<item> release=<file>] -- <command line>
//         the command line of a host with the numbers job, a heartbeat and, with takeover-ms, the takeover of dead executions.
//   partition-worker provider=postgres connection=… [keys=<n> ranges=<n> chunk=<n>] [lease-ms=<n> poll-ms=<n>] [hold=<folder> hold-after=<k>]
//         a worker process of remote partitioning (the 'worker' command) for the partitioned job (PartitionedJob); with hold=, the first
//         worker to commit k chunks of a partition prints "holding" and blocks there for the test to kill it.
//   queue provider=… connection=… run=<id> release=<file> [poll-ms=<n>] [stale-ms=<n>]
//         a launch of the "gpu-job" job (launch group "gpu", one slot) that waits for a slot; prints "running <id>" and holds until the file exists.
//   bench [connection=…] items=100000 chunk=10
//         measures chunk commits on PostgreSQL against a hand-written floor (a throw-away cluster when no connection).
try
{
    var arguments = new HostArguments(args);
    return arguments.Mode switch
    {
        "run" => await RunMode.RunAsync(arguments),
        "copy" => await CopyMode.RunAsync(arguments),
        "race" => await RaceMode.RunAsync(arguments),
        "bench" => await BenchMode.RunAsync(arguments),
        "cli" => await CliMode.RunAsync(arguments),
        "lake" => await LakeMode.RunAsync(arguments),
        "files" => await FilesMode.RunAsync(arguments),
        "takeover" => await TakeoverMode.RunAsync(arguments),
        "partition-worker" => await PartitionWorkerMode.RunAsync(arguments),
        "queue" => await QueueMode.RunAsync(arguments),
        _ => throw new ArgumentException($"Unknown mode '{arguments.Mode}': use run, copy, race, cli, lake, files, takeover, partition-worker, queue or bench."),
    };
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return BatchExitCodes.UsageError;
}
