using Batch.Hosting;
using Batch.Infrastructure.Database;
using Batch.Launch;
using NpgsqlTypes;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Runs (or restarts) one instance of the "copy" job: the numbers 1..N loaded into TEST_COPY (a primary key on the item, so a
/// duplicate fails the load) by the PostgreSQL binary COPY writer in the chunk's transaction, optionally killing itself at a
/// crash point (<see cref="CrashPoint"/>).
/// </summary>
internal static class CopyMode
{
    public const string JobName = "copy";

    public const string Create = "CREATE TABLE IF NOT EXISTS TEST_COPY (ITEM BIGINT PRIMARY KEY, LABEL TEXT NOT NULL)";

    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        if (!provider.IsPostgres)
        {
            throw new ArgumentException("The copy mode needs provider=postgres: COPY is PostgreSQL's.");
        }

        var chunkSize = arguments.Int("chunk", 10);
        var crash = CrashPoint.Parse(arguments.Get("crash"));
        await using var repository = provider.CreateRepository();
        await using (var connection = await provider.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Create;
            await command.ExecuteNonQueryAsync();
        }

        var writer = new PostgresCopyItemWriter<int>(new PostgresCopyWriterOptions<int>
        {
            Table = "TEST_COPY",
            Columns = ["ITEM", "LABEL"],
            WriteRow = static async (item, row, ct) =>
            {
                await row.WriteAsync((long)item, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync("item " + item, NpgsqlDbType.Text, ct);
            },
        });
        var job = new NumbersJob(JobName, arguments.Int("items", 1000), chunkSize, writer)
        {
            OnItem = crash?.ItemHook(chunkSize),
        };
        var launcher = new JobLauncher(crash?.Wrap(repository) ?? repository);
        var parameters = new JobParametersBuilder().AddLong("run", arguments.Long("run", 1)).Build();
        var execution = await launcher.RunAsync(job.Job, parameters, CancellationToken.None);
        Console.WriteLine($"execution {execution.Id} {execution.Status.ToCode()} first-item {job.FirstItem}");
        if (execution.Status == BatchStatus.Failed)
        {
            Console.WriteLine(execution.ExitStatus.ExitDescription);
        }

        return BatchExitCodes.ForStatus(execution.Status);
    }
}
